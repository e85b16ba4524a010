/**
 * Issue 14, defect 3 on the real engine: a network or volume under our name that we did not create
 * (hand-made here with the docker CLI, as Compose would make one) is never adopted. The apply is
 * blocked with a hint and exits non-zero, nothing is created, the foreign resource is untouched;
 * the adapter itself refuses to "ensure" it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { HwError, RuntimeErrorCode } from "../../src/core/index.js";
import { createDockerAdapter } from "../../src/runtime/docker/index.js";
import { dockerCli, dockerCliOk, dockerHost, ownedLabels, uniqueProject } from "../harness/index.js";
import { Workspace } from "./cli.js";
import { cleanupProject, ownedLeftovers, projectContainers } from "./docker-state.js";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => {});
});

function manifest(P: string, withVolume: boolean): string {
  return `version: 2
project: ${P}
services:
  web:
    image: hostwright.local/busybox:1
    init: true
    command: [httpd, -f, -p, "8080", -h, /]
${withVolume ? '    volumes: ["data:/data"]\nvolumes:\n  data: {}\n' : ""}`;
}

async function labelsOf(kind: "network" | "volume", name: string): Promise<Record<string, string>> {
  const raw = JSON.parse(await dockerCliOk([kind, "inspect", name])) as {
    Labels: Record<string, string> | null;
  }[];
  return raw[0]?.Labels ?? {};
}

describe("foreign networks and volumes", () => {
  it("refuses a hand-made <project>_default: blocked with a hint, exit 1, nothing created or changed", async () => {
    const P = uniqueProject("foreign-net");
    cleanup.push(
      () => cleanupProject(P),
      () => dockerCli(["network", "rm", `${P}_default`]),
    );
    await dockerCliOk(["network", "create", "--label", "made.by=hand", `${P}_default`]);
    const ws = new Workspace(P);
    ws.write(manifest(P, false));

    const r = await ws.hw(["apply"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`network ${P}_default exists and is not owned by this project`);
    expect(r.stdout).toContain("remove or rename it");
    expect(await projectContainers(P)).toEqual([]);
    expect(await ownedLeftovers(P)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(await labelsOf("network", `${P}_default`)).toEqual({ "made.by": "hand" });
    const plan = await ws.json<{ blocked: { service: string }[]; ops: unknown[] }>(["plan"]);
    expect(plan.blocked.map((b) => b.service)).toEqual(["web"]);
    expect(plan.ops).toEqual([]);
  });

  it("refuses a hand-made <project>_<volume> the same way", async () => {
    const P = uniqueProject("foreign-vol");
    cleanup.push(
      () => cleanupProject(P),
      () => dockerCli(["volume", "rm", `${P}_data`]),
    );
    await dockerCliOk(["volume", "create", "--label", "made.by=hand", `${P}_data`]);
    const ws = new Workspace(P);
    ws.write(manifest(P, true));

    const r = await ws.hw(["apply"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`volume ${P}_data exists and is not owned by this project`);
    expect(await projectContainers(P)).toEqual([]);
    expect(await ownedLeftovers(P)).toEqual({ containers: [], networks: [], volumes: [] });
    expect(await labelsOf("volume", `${P}_data`)).toEqual({ "made.by": "hand" });
  });

  it("the adapter's ensureNetwork/ensureVolume refuse an existing unowned one with a typed code", async () => {
    const P = uniqueProject("foreign-adapter");
    cleanup.push(
      () => dockerCli(["network", "rm", `${P}_default`]),
      () => dockerCli(["volume", "rm", `${P}_data`]),
    );
    await dockerCliOk(["network", "create", `${P}_default`]);
    await dockerCliOk(["volume", "create", `${P}_data`]);
    const adapter = createDockerAdapter({ host: dockerHost() });
    cleanup.push(() => adapter.close());
    const code = (p: Promise<void>) =>
      p.then(
        () => "ok",
        (e: unknown) => (e instanceof HwError ? e.code : String(e)),
      );
    expect(await code(adapter.ensureNetwork(`${P}_default`, ownedLabels(P)))).toBe(RuntimeErrorCode.notOwned);
    expect(await code(adapter.ensureVolume(`${P}_data`, ownedLabels(P)))).toBe(RuntimeErrorCode.notOwned);
    // Ours are still ensured idempotently.
    expect(await code(adapter.ensureNetwork(`${P}_own`, ownedLabels(P)))).toBe("ok");
    cleanup.push(() => dockerCli(["network", "rm", `${P}_own`]));
    expect(await code(adapter.ensureNetwork(`${P}_own`, ownedLabels(P)))).toBe("ok");
    expect(await labelsOf("network", `${P}_default`)).toEqual({});
  });
});
