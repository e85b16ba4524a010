import { describe, expect, it } from "vitest";
import { createDaemonMetrics } from "./metrics.js";

describe("createDaemonMetrics", () => {
  it("exposes every daemon metric by name", async () => {
    const text = await createDaemonMetrics().render();
    for (const name of [
      "hostwright_reconcile_cycles_total",
      "hostwright_drift_detected_total",
      "hostwright_restarts_total",
      "hostwright_probe_duration_seconds",
      "hostwright_actions_blocked_total",
      "hostwright_services",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('hostwright_services{state="unstable"} 0');
  });

  it("records what the daemon updates, in its own registry", async () => {
    const metrics = createDaemonMetrics();
    metrics.reconcileCycles.inc();
    metrics.driftDetected.inc({ kind: "missing" });
    metrics.restarts.inc({ service: "api" }, 2);
    metrics.probeDuration.observe({ kind: "http" }, 0.03);
    metrics.actionsBlocked.inc({ reason: "rate-limit" });
    metrics.setServiceStates("shop", { nominal: 3, degraded: 1 });
    const text = await metrics.render();
    expect(text).toContain("hostwright_reconcile_cycles_total 1");
    expect(text).toContain('hostwright_drift_detected_total{kind="missing"} 1');
    expect(text).toContain('hostwright_restarts_total{service="api"} 2');
    expect(text).toContain('hostwright_probe_duration_seconds_bucket{le="0.05",kind="http"} 1');
    expect(text).toContain('hostwright_actions_blocked_total{reason="rate-limit"} 1');
    expect(text).toContain('hostwright_services{state="nominal"} 3');
    expect(text).toContain('hostwright_services{state="reconciling"} 0');
    // A second daemon (or test) gets a clean registry, not prom-client's global one.
    expect(await createDaemonMetrics().render()).toContain("hostwright_reconcile_cycles_total 0");
  });

  it("sums service states over projects: each project's pass replaces only its own counts", async () => {
    const metrics = createDaemonMetrics();
    metrics.setServiceStates("shop", { nominal: 2, degraded: 1 });
    metrics.setServiceStates("blog", { nominal: 1 });
    let text = await metrics.render();
    expect(text).toContain('hostwright_services{state="nominal"} 3');
    expect(text).toContain('hostwright_services{state="degraded"} 1');
    metrics.setServiceStates("shop", { nominal: 3 });
    text = await metrics.render();
    expect(text).toContain('hostwright_services{state="nominal"} 4');
    expect(text).toContain('hostwright_services{state="degraded"} 0');
  });
});
