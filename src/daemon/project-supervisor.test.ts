/** The supervisor's reconcile step on the fake runtime and a real (temporary) store. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { desired, service } from "../../test/support/desired-fixtures.js";
import { applyProject } from "../apply/index.js";
import { type Desired, HwError, type HwEvent } from "../core/index.js";
import { canonicalJson, sha256 } from "../reconcile/spec-hash.js";
import { FakeRuntime } from "../runtime/fake/index.js";
import { openStore, type Store } from "../store/index.js";
import { createDaemonMetrics } from "./api/index.js";
import type { PassObserver } from "./pass-observers.js";
import { ProjectSupervisor } from "./project-supervisor.js";

const P = "sup";
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** A Desired whose stored canonical form rebuilds the whole of it (as the manifest loader's does). */
function full(d: Desired): Desired {
  const { canonical: _c, hash: _h, sourcePath: _s, ...body } = d;
  const canonical = canonicalJson(body);
  return { ...d, canonical, hash: sha256(canonical) };
}

async function setup(d: Desired, env: NodeJS.ProcessEnv = {}, observers: PassObserver[] = []) {
  const store = openStore(mkdtempSync(join(tmpdir(), "hw-sup-")));
  stores.push(store);
  const runtime = new FakeRuntime();
  const applied = await applyProject(d, {
    store,
    runtime,
    env,
    parallelism: 4,
    lockTimeoutMs: 0,
    purpose: "operator",
  });
  expect(applied.kind).toBe("applied");
  const events: HwEvent[] = [];
  const metrics = await createDaemonMetrics();
  const sup = new ProjectSupervisor(P, {
    store,
    runtime,
    env,
    log: log as never,
    metrics,
    publish: (e) => events.push(e),
    preferHostPort: false,
    observers,
  });
  return { store, runtime, sup, events, metrics };
}

describe("ProjectSupervisor.reconcile", () => {
  it("reports no drift for a converged service with secretEnv", async () => {
    const web = service("web", {
      secretEnv: { TOKEN: { ref: "env://SUP_TOKEN", scheme: "env", target: "SUP_TOKEN" } },
    });
    const { sup } = await setup(full(desired(P, [web])), { SUP_TOKEN: "s3cret" });
    const next = await sup.reconcile();
    expect(next.requeueAfterMs).toBeGreaterThan(0);
    const status = sup.status();
    expect(status?.services[0]?.instances[0]?.drift ?? null).toBeNull();
    expect(status?.summary).toBe("nominal");
    expect(JSON.stringify(status)).not.toContain("s3cret");
  });

  it("restarts a stopped container and records the restart", async () => {
    const { sup, runtime, events } = await setup(full(desired(P, [service("web")])));
    const id = [...runtime.containers.values()].find((c) => c.name === "sup-web-1")!.id;
    await runtime.stop(id);
    await sup.reconcile();
    expect(runtime.containers.get(id)?.state ?? "running").toBe("running");
    expect(events.some((e) => e.type === "restarted" && e.instance === "sup-web-1")).toBe(true);
  });

  it("judges restarts by the back-off of the current desired state, not the one seen first", async () => {
    const quick = full(desired(P, [service("web")]));
    const { sup, runtime, store, events } = await setup(quick);
    const stopWeb = async () => {
      const c = [...runtime.containers.values()].find((x) => x.name === "sup-web-1")!;
      await runtime.stop(c.id);
    };
    await stopWeb();
    await sup.reconcile(); // first restart: immediate
    await stopWeb();
    const waiting = await sup.reconcile(); // second: waits the 1 s back-off (±25%)
    expect(waiting.requeueAfterMs).toBeLessThanOrEqual(1250);
    // The operator slows the back-off in the manifest; the running daemon must use it.
    const slow = full(
      desired(P, [
        service("web", {
          restart: { policy: "unless-stopped", backoff: { initialMs: 3_600_000, maxMs: 3_600_000 } },
        }),
      ]),
    );
    store.saveDesired({
      project: P,
      canonical: slow.canonical,
      hash: slow.hash,
      sourcePath: slow.sourcePath,
    });
    const next = await sup.reconcile();
    // Waiting an hour now: the next look is the 30 s resync, not the old 1 s back-off.
    expect(next.requeueAfterMs).toBeGreaterThan(20_000);
    expect(events.filter((e) => e.type === "restarted")).toHaveLength(1);
  });

  it("looks again soon after a retryable error, only at the resync after a terminal one", async () => {
    const { sup, runtime, events } = await setup(full(desired(P, [service("web")])));
    runtime.failNext("observe", new HwError("HW-TEST-001", "flaky", { retryable: true }));
    expect((await sup.reconcile()).requeueAfterMs).toBeLessThanOrEqual(1000);
    runtime.failNext("observe", new HwError("HW-TEST-002", "flaky again", { retryable: true }));
    expect((await sup.reconcile()).requeueAfterMs).toBeLessThanOrEqual(2000);
    runtime.failNext("observe", new HwError("HW-TEST-003", "cannot ever work"));
    expect((await sup.reconcile()).requeueAfterMs).toBeGreaterThan(20_000);
    expect(events.filter((e) => e.type === "failed")).toHaveLength(3);
  });

  it("calls pass observers after a pass with what it saw and recorded; their wait bounds the next look", async () => {
    const seen: string[] = [];
    const { sup, runtime } = await setup(full(desired(P, [service("web")])), {}, [
      (pass) => {
        seen.push(
          `${pass.project}:${pass.observed.containers.length}:${pass.events.map((e) => e.type).join(",")}`,
        );
        return 500;
      },
      () => {
        throw new Error("a broken observer does not fail the pass");
      },
    ]);
    const c = [...runtime.containers.values()].find((x) => x.name === "sup-web-1")!;
    await runtime.stop(c.id);
    const next = await sup.reconcile();
    expect(next.requeueAfterMs).toBeLessThanOrEqual(500);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^sup:1:drift_detected/);
  });

  it("updates the services gauge where a health transition is emitted, not at the next pass", async () => {
    const web = service("web", {
      probes: {
        readiness: {
          action: { kind: "exec", command: ["true"] },
          intervalMs: 10,
          timeoutMs: 1000,
          failureThreshold: 1,
          successThreshold: 1,
          initialDelayMs: 0,
        },
      },
    } as never);
    const { sup, runtime, metrics, events } = await setup(full(desired(P, [web])));
    runtime.execResult = () => ({ exitCode: 1, output: "down", timedOut: false });
    await sup.reconcile();
    const gauge = async () =>
      (await metrics.services.get()).values.map((v) => `${v.labels.state}=${v.value}`);
    // Wait (bounded) for the probe loop to report the transition; then the gauge must already agree.
    for (let i = 0; i < 200 && !events.some((e) => e.type === "health_changed"); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(events.some((e) => e.type === "health_changed")).toBe(true);
    expect(await gauge()).toContain(`${sup.status()?.services[0]?.summary}=1`);
    await sup.stop();
  });
});
