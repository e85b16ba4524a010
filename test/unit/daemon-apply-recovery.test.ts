/** Issue 14 defect 5: `apply --recovery` handed to a running daemon runs the recovery plan, not a full apply. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyProject } from "../../src/apply/index.js";
import { type Desired, Labels, type ServiceSpec } from "../../src/core/index.js";
import { makeHandlers } from "../../src/daemon/api-handlers.js";
import { buildDesired } from "../../src/manifest/build-desired.js";
import { FakeRuntime } from "../../src/runtime/fake/index.js";
import { getProjectState, openStore, setProjectState } from "../../src/store/index.js";
import { desired, service } from "../support/desired-fixtures.js";

/** What a client really sends: a desired state as the manifest loader builds it (the daemon recomputes every hash). */
function loaded(project: string, services: ServiceSpec[]): Desired {
  const d = desired(project, services);
  return buildDesired(
    { ...d, services: d.services.map(({ specHash: _h, ...spec }) => ({ spec })) } as never,
    d.sourcePath,
  );
}

describe("daemon apply with recovery", () => {
  it("passes recovery through: only the recorded services go back, the recovery plan is forgotten", async () => {
    const store = openStore(mkdtempSync(join(tmpdir(), "hw-daemon-recovery-")));
    const runtime = new FakeRuntime();
    try {
      const good = service("api", { env: { V: "1" } });
      const v1 = desired("shop", [good, service("web")]);
      const base = {
        store,
        runtime,
        env: {},
        parallelism: 2,
        lockTimeoutMs: 0,
        purpose: "operator" as const,
      };
      await applyProject(v1, base);
      const hashes = () =>
        Object.fromEntries([...runtime.containers.values()].map((c) => [c.name, c.labels[Labels.specHash]]));
      const before = hashes();
      setProjectState(store, "shop", "recoveryPlan", { at: "t", why: "test", specs: [good] });
      const triggered: string[] = [];
      const handlers = makeHandlers({
        store,
        runtime,
        env: {},
        metrics: {} as never,
        supervisors: new Map(),
        ensureSupervisor: () => ({ trigger: (why: string) => void triggered.push(why) }) as never,
        subscribe: () => () => {},
      });
      const v2 = loaded("shop", [service("api", { env: { V: "2" } }), service("web", { env: { W: "2" } })]);
      const r = (await handlers.apply({ desired: v2, recovery: true })) as { ok: boolean; ops: unknown[] };
      expect(r.ok).toBe(true);
      expect(r.ops).toEqual([]);
      expect(hashes()).toEqual(before);
      expect(getProjectState(store, "shop", "recoveryPlan")).toBeUndefined();
      expect(triggered).toEqual(["desired state changed"]);
    } finally {
      store.close();
    }
  });
});
