import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const REPO = resolve(import.meta.dirname, "../..");
const probe = (lang: string) =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        "--import",
        pathToFileURL(join(REPO, "node_modules/tsx/dist/loader.mjs")).href,
        join(REPO, "test/support/locale-plan-probe.ts"),
      ],
      { env: { ...process.env, LANG: lang, LC_ALL: lang, LC_COLLATE: lang }, encoding: "utf8" },
    ),
  ) as { ops: string[]; services: string[]; hash: string };

describe("plans do not depend on the process locale", () => {
  it("has the same op order and hash under da_DK.UTF-8 and C, in code-unit order", () => {
    const da = probe("da_DK.UTF-8");
    const c = probe("C");
    expect(da).toEqual(c);
    // Danish collation sorts "aa" last (as "å"); code units put it first.
    const awaits = da.ops.filter((o) => o.startsWith("await")).map((o) => o.replace(/^await container:/, ""));
    expect(awaits).toEqual(["shop-aa-1", "shop-b-1", "shop-z-1"]);
    const removes = da.ops
      .filter((o) => o.startsWith("remove"))
      .map((o) => o.replace(/^remove container:/, ""));
    expect(removes).toEqual(["shop-x-aa-1", "shop-x-b-1", "shop-x-z-1"]);
    expect(da.services).toEqual(["aa", "b", "web", "x-aa", "x-b", "x-z", "z"]);
  });

  it("the child really collates in Danish (the test above would catch localeCompare)", () => {
    const out = execFileSync(
      process.execPath,
      ["-e", 'process.stdout.write(["z","aa","b"].sort((a,b)=>a.localeCompare(b)).join(","))'],
      { env: { ...process.env, LANG: "da_DK.UTF-8", LC_ALL: "da_DK.UTF-8" }, encoding: "utf8" },
    );
    expect(out).toBe("b,z,aa");
  });
});
