import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { HwEvent } from "../core/index.js";
import { FakeRuntime } from "../runtime/fake/index.js";
import { openStore, type Store } from "../store/index.js";
import { makeHandlers } from "./api-handlers.js";

const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

describe("events handler", () => {
  it("asks the store for the newest `limit` instead of loading the whole log", async () => {
    const store = openStore(mkdtempSync(join(tmpdir(), "hw-api-")));
    stores.push(store);
    for (let i = 0; i < 30; i++) {
      store.appendEvent({
        type: "info",
        severity: "info",
        project: "p",
        message: `e${i}`,
        timestamp: new Date(1_700_000_000_000 + i).toISOString(),
        correlationId: "t",
      });
    }
    const spy = vi.spyOn(store, "events");
    const handlers = makeHandlers({
      store,
      runtime: new FakeRuntime(),
      env: {},
      metrics: {} as never,
      supervisors: new Map(),
      ensureSupervisor: () => {
        throw new Error("not used");
      },
      subscribe: () => () => {},
    });
    const got: HwEvent[] = [];
    await handlers.events(
      { project: "p", limit: 3, follow: false },
      (e) => got.push(e),
      new AbortController().signal,
    );
    expect(got.map((e) => e.message)).toEqual(["e27", "e28", "e29"]);
    expect(spy).toHaveBeenCalledWith(expect.objectContaining({ limit: 3 }));
  });
});
