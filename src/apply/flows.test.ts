/** The apply/ flows on the fake runtime and a real (temporary) store: what each journals and records. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { desired, service } from "../../test/support/desired-fixtures.js";
import { type HwError, RuntimeErrorCode } from "../core/index.js";
import { FakeRuntime } from "../runtime/fake/index.js";
import { getProjectState, openStore, type Store, setProjectState } from "../store/index.js";
import { applyProject } from "./apply-project.js";
import { downProject } from "./down-project.js";
import { operatorStopStart } from "./operator-stop.js";

const P = "shop";
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

function newStore(): Store {
  const s = openStore(mkdtempSync(join(tmpdir(), "hw-flows-")));
  stores.push(s);
  return s;
}

/** Records, at each stop/start call, which intents were journaled and still without a result. */
class WitnessRuntime extends FakeRuntime {
  /** [the container called, ...intents pending at that moment] per call. */
  readonly pendingAtCall: string[][] = [];
  constructor(private readonly store: () => Store) {
    super();
  }
  override async stop(id: string): Promise<void> {
    this.witness("stop", id);
    return super.stop(id);
  }
  override async start(id: string): Promise<void> {
    this.witness("start", id);
    return super.start(id);
  }
  private witness(kind: string, id: string): void {
    const name = this.containers.get(id)?.name ?? id;
    const pending = this.store()
      .unfinishedOperations(P)
      .map((o) => `${o.kind} ${o.target}`);
    this.pendingAtCall.push([`${kind} container:${name}`, ...pending]);
  }
}

const base = { env: {}, parallelism: 4, lockTimeoutMs: 0, purpose: "operator" as const };
const d = desired(P, [service("web", { replicas: 2, stopGracePeriodMs: 3000 })]);

describe("apply flows", () => {
  it("apply converges, records an apply plan, and a second apply is converged", async () => {
    const store = newStore();
    const rt = new FakeRuntime();
    const first = await applyProject(d, { ...base, store, runtime: rt });
    expect(first.kind).toBe("applied");
    expect(store.latestPlan(P, "apply")?.hash).toBe(first.plan.hash);
    expect((await applyProject(d, { ...base, store, runtime: rt })).kind).toBe("converged");
  });

  it("operator stop goes through plan → executor: intent journaled before each runtime call", async () => {
    const store = newStore();
    const rt = new WitnessRuntime(() => store);
    await applyProject(d, { ...base, store, runtime: rt });
    rt.pendingAtCall.length = 0;
    const out = await operatorStopStart(store, rt, P, "web", "stop", () => 3000);
    expect(out).toEqual({ containers: ["shop-web-1", "shop-web-2"], ok: true, failed: [] });
    expect(rt.pendingAtCall.map(([call]) => call).sort()).toEqual([
      "stop container:shop-web-1",
      "stop container:shop-web-2",
    ]);
    for (const [call, ...pending] of rt.pendingAtCall) expect(pending).toContain(call);
    expect(store.latestPlan(P, "operator")).toBeDefined();
    expect(getProjectState(store, P, "stopped")).toEqual(["shop-web-1", "shop-web-2"]);
    expect([...rt.containers.values()].map((c) => c.state)).toEqual(["exited", "exited"]);

    const back = await operatorStopStart(store, rt, P, undefined, "start", () => 3000);
    expect(back.ok).toBe(true);
    expect(getProjectState(store, P, "stopped")).toEqual([]);
    expect([...rt.containers.values()].map((c) => c.state)).toEqual(["running", "running"]);
  });

  it("a failed operator stop is reported and journaled as failed, not silently done", async () => {
    const store = newStore();
    const rt = new FakeRuntime();
    await applyProject(d, { ...base, store, runtime: rt });
    rt.failNext("stop", undefined, "shop-web-1");
    const out = await operatorStopStart(store, rt, P, "web", "stop", () => 3000);
    expect(out.ok).toBe(false);
    expect(out.failed).toEqual(["shop-web-1"]);
    expect(
      store.recentOperations(P).some((o) => o.status === "failed" && o.target === "container:shop-web-1"),
    ).toBe(true);
  });

  it("down recovers interrupted operations first, records a down plan, prunes ownership", async () => {
    const store = newStore();
    const rt = new FakeRuntime();
    const applied = await applyProject(d, { ...base, store, runtime: rt });
    // An interrupted run: an intent without a result.
    const planId = store.latestPlan(P, "apply")?.id ?? "";
    store.beginOperation({ planId, opId: "9", project: P, kind: "stop", target: "container:shop-web-1" });
    const out = await downProject(P, { store, runtime: rt, desired: d, removeVolumes: false });
    expect(applied.kind).toBe("applied");
    expect(out.recovered.map((r) => r.target)).toEqual(["container:shop-web-1"]);
    expect(out.result?.ok).toBe(true);
    expect(store.latestPlan(P, "down")?.hash).toBe(out.plan.hash);
    expect(store.latestPlan(P, "apply")?.id).toBe(planId);
    expect(rt.containers.size).toBe(0);
    expect(store.ownedResources(P)).toEqual([]);
    const stop = out.plan.ops.find((o) => o.kind === "stop");
    expect(stop && "graceMs" in stop ? stop.graceMs : 0).toBe(3000);
  });

  it("apply --recovery runs only the recorded services' last good spec, then forgets the recovery plan", async () => {
    const store = newStore();
    const rt = new FakeRuntime();
    const good = service("api", { env: { V: "1" } });
    const v1 = desired(P, [good, service("web")]);
    await applyProject(v1, { ...base, store, runtime: rt });
    const v2 = desired(P, [service("api", { env: { V: "2" } }), service("web", { env: { W: "2" } })]);
    setProjectState(store, P, "recoveryPlan", { at: "t", why: "test", specs: [good] });
    const out = await applyProject(v2, { ...base, store, runtime: rt, recovery: true });
    expect(out.kind).toBe("converged");
    expect(out.kind !== "stale" && out.recoveredServices).toEqual(["api"]);
    // web's pending change is not part of a recovery.
    expect(out.plan.ops).toEqual([]);
    expect(getProjectState(store, P, "recoveryPlan")).toBeUndefined();
    const err = (await applyProject(v2, { ...base, store, runtime: rt, recovery: true }).catch(
      (e) => e,
    )) as HwError;
    expect(err.code).toBe("HW-CLI-001");
  });

  it("the fake runtime refuses a foreign network as the real adapters do", async () => {
    const store = newStore();
    const rt = new FakeRuntime();
    const plan = await applyProject(d, { ...base, store, runtime: rt });
    expect(plan.kind).toBe("applied");
    rt.networks.set("other_default", { made: "by hand" });
    const err = await rt.ensureNetwork("other_default", {}).catch((e: HwError) => e.code);
    expect(err).toBe(RuntimeErrorCode.notOwned);
  });
});
