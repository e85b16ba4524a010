import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { HwError } from "../core/index.js";
import { openStore, type Store } from "../store/index.js";
import { desiredOf } from "./operator-handlers.js";

let store: Store | undefined;
afterEach(() => store?.close());

describe("desiredOf", () => {
  it("{project} means the stored desired state; none stored is a usage error", () => {
    store = openStore(mkdtempSync(join(tmpdir(), "hw-desired-of-")));
    const canonical = JSON.stringify({ project: "demo", services: [], instances: [] });
    store.saveDesired({ project: "demo", canonical, hash: "h1", sourcePath: "/x/hostwright.yaml" });
    const d = desiredOf({ project: "demo" }, store);
    expect(d).toMatchObject({ project: "demo", hash: "h1", canonical });
    let err: unknown;
    try {
      desiredOf({ project: "nope" }, store);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HwError);
    expect((err as HwError).code).toBe("HW-DAEMON-033");
  });

  it("a body with {desired} is re-derived and checked as before", () => {
    store = openStore(mkdtempSync(join(tmpdir(), "hw-desired-of-")));
    expect(() => desiredOf({ desired: { canonical: "{}", sourcePath: "x", hash: "y" } }, store!)).toThrow(
      /validated desired state|hashes do not match/,
    );
  });
});
