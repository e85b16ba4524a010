import { describe, expect, it } from "vitest";
import { desired, service } from "../../test/support/desired-fixtures.js";
import { MemoryJournal } from "../../test/support/memory-journal.js";
import { HwError, type HwEvent, RuntimeErrorCode } from "../core/index.js";
import { FakeRuntime } from "../runtime/fake/index.js";
import { executePlan } from "./executor.js";
import { planConvergence } from "./plan.js";
import type { Plan } from "./plan-types.js";

const P = "shop";

async function converge(rt: FakeRuntime, journal: MemoryJournal, d: ReturnType<typeof desired>) {
  const observed = await rt.observe(P);
  const plan = planConvergence({
    desired: d,
    observed,
    ownership: {
      ownerId: journal.ownerId,
      containers: journal.containerNames(),
      volumes: new Set(),
      networks: new Set(),
    },
    secretDigests: {},
  });
  const events: HwEvent[] = [];
  const result = await executePlan(plan, {
    runtime: rt,
    journal,
    planId: "p1",
    correlationId: "c1",
    secretValues: {},
    requireDigest: false,
    parallelism: 4,
    awaitCondition: async () => {},
    emit: (e) => events.push(e),
  });
  return { plan, result, events };
}

describe("executePlan", () => {
  it("records intent before every op's runtime call and its result after", async () => {
    const rt = new FakeRuntime();
    const journal = new MemoryJournal(rt.calls);
    const { result, plan } = await converge(rt, journal, desired(P, [service("web", { replicas: 2 })]));
    expect(result.ok).toBe(true);
    // Each op's runtime call sits strictly between its intent and its result (ops may interleave).
    const log = rt.calls.filter((c) => !c.startsWith("observe"));
    const verbs: Record<string, string> = {
      "ensure-network": "ensureNetwork",
      create: "create",
      start: "start",
    };
    expect(plan.ops.map((op) => op.kind).sort()).toEqual([
      "create",
      "create",
      "ensure-network",
      "start",
      "start",
    ]);
    for (const op of plan.ops) {
      const intent = log.indexOf(`intent ${op.kind} ${op.target}`);
      const call = log.indexOf(`${verbs[op.kind]} ${op.target.slice(op.target.indexOf(":") + 1)}`, intent);
      const done = log.indexOf(`result ${op.kind} ${op.target} done`);
      expect(intent).toBeGreaterThanOrEqual(0);
      expect(call).toBeGreaterThan(intent);
      expect(done).toBeGreaterThan(call);
    }
  });

  it("converges a fresh project and a second pass is a no-op", async () => {
    const rt = new FakeRuntime();
    const journal = new MemoryJournal();
    const d = desired(P, [service("db"), service("api", { dependsOn: { db: "started" }, replicas: 2 })]);
    const { result } = await converge(rt, journal, d);
    expect(result.ok).toBe(true);
    expect([...rt.containers.values()].map((c) => `${c.name}:${c.state}`).sort()).toEqual([
      "shop-api-1:running",
      "shop-api-2:running",
      "shop-db-1:running",
    ]);
    // db starts before any api container starts (dependency order holds under concurrency).
    const starts = rt.calls.filter((c) => c.startsWith("start "));
    expect(starts.indexOf("start shop-db-1")).toBeLessThan(starts.indexOf("start shop-api-1"));
    expect(journal.ops.every((o) => o.status === "done")).toBe(true);
    const before = rt.calls.length;
    const again = await converge(rt, journal, d);
    expect(again.plan.ops).toEqual([]);
    expect(rt.calls.slice(before).filter((c) => !c.startsWith("observe"))).toEqual([]);
  });

  it("skips only the failed branch; unrelated services still converge", async () => {
    const rt = new FakeRuntime();
    const journal = new MemoryJournal();
    rt.failNext("create", new HwError(RuntimeErrorCode.failed, "disk full"), "shop-db-1");
    const d = desired(P, [service("db"), service("api", { dependsOn: { db: "started" } }), service("web")]);
    const { result, events } = await converge(rt, journal, d);
    expect(result.ok).toBe(false);
    expect(result.failedServices).toEqual(["api", "db"]);
    expect(result.results.filter((r) => r.outcome === "skipped").map((r) => r.op.target)).toEqual([
      "container:shop-db-1",
      "container:shop-api-1",
    ]);
    expect([...rt.containers.values()].map((c) => c.name).sort()).toEqual(["shop-api-1", "shop-web-1"]);
    expect(events.filter((e) => e.type === "failed").map((e) => e.message)).toEqual([
      expect.stringContaining("create shop-db-1"),
    ]);
    // The next pass picks up exactly what is missing (the loop is the retry).
    const again = await converge(rt, journal, d);
    expect(again.result.ok).toBe(true);
    expect(again.plan.ops.map((o) => `${o.kind} ${o.target}`)).toEqual([
      "create container:shop-db-1",
      "start container:shop-db-1",
      "start container:shop-api-1",
    ]);
  });

  it("adopts a container an interrupted create left behind instead of duplicating it", async () => {
    const rt = new FakeRuntime();
    const journal = new MemoryJournal();
    const d = desired(P, [service("web")]);
    await converge(rt, journal, d);
    const [first] = rt.containers.values();
    // Simulate: the plan was made before the container appeared (create then crash before record).
    const plan: Plan = planConvergence({
      desired: d,
      observed: { ...(await rt.observe(P)), containers: [] },
      ownership: { ownerId: journal.ownerId, containers: new Set(), volumes: new Set(), networks: new Set() },
      secretDigests: {},
    });
    const result = await executePlan(plan, {
      runtime: rt,
      journal,
      planId: "p2",
      correlationId: "c2",
      secretValues: {},
      requireDigest: false,
      parallelism: 2,
      awaitCondition: async () => {},
      emit: () => {},
    });
    expect(result.ok).toBe(true);
    expect(rt.containers.size).toBe(1);
    expect(journal.ownership("container", "shop-web-1")?.runtimeId).toBe(first?.id);
  });

  it("refuses to stop or remove a container without an ownership record", async () => {
    const rt = new FakeRuntime();
    const journal = new MemoryJournal();
    const id = rt.addForeign("shop-old-1");
    const plan: Plan = {
      project: P,
      desiredHash: "",
      observedAt: "",
      drift: [],
      services: [],
      blocked: [],
      hash: "x",
      ops: [
        {
          id: 1,
          kind: "remove",
          target: "container:shop-old-1",
          name: "shop-old-1",
          runtimeId: id,
          group: "old",
          reason: { kind: "orphan" },
          dependsOn: [],
        },
      ],
    };
    const result = await executePlan(plan, {
      runtime: rt,
      journal,
      planId: "p3",
      correlationId: "c3",
      secretValues: {},
      requireDigest: false,
      parallelism: 1,
      awaitCondition: async () => {},
      emit: () => {},
    });
    expect(result.ok).toBe(false);
    expect(result.results[0]?.errorCode).toBe("HW-OWNER-001");
    expect(rt.containers.has(id)).toBe(true);
  });

  it("reports an engine that went away as runtimeUnavailable", async () => {
    const rt = new FakeRuntime();
    const journal = new MemoryJournal();
    const d = desired(P, [service("web")]);
    const plan = planConvergence({
      desired: d,
      observed: await rt.observe(P),
      ownership: { ownerId: journal.ownerId, containers: new Set(), volumes: new Set(), networks: new Set() },
      secretDigests: {},
    });
    rt.down = true;
    const result = await executePlan(plan, {
      runtime: rt,
      journal,
      planId: "p4",
      correlationId: "c4",
      secretValues: {},
      requireDigest: false,
      parallelism: 1,
      awaitCondition: async () => {},
      emit: () => {},
    });
    expect(result.runtimeUnavailable).toContain("down");
  });
});
