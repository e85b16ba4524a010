/**
 * The daemon's Prometheus metrics. Only the daemon imports this (prom-client is not free to load);
 * the CLI never does.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** Every summary state gets a series from the start, so dashboards see 0 rather than nothing. */
const SUMMARY_STATES = ["nominal", "degraded", "unstable", "reconciling"] as const;

type StateCounts = Partial<Record<(typeof SUMMARY_STATES)[number], number>>;

export interface DaemonMetrics {
  readonly registry: Registry;
  readonly reconcileCycles: Counter;
  readonly driftDetected: Counter<"kind">;
  readonly restarts: Counter<"service">;
  readonly probeDuration: Histogram<"kind">;
  readonly actionsBlocked: Counter<"reason">;
  readonly services: Gauge<"state">;
  /**
   * Sets one project's per-state service counts (states not listed become 0); the gauge shows the
   * sum over every project, so one project's pass never hides another's services.
   */
  setServiceStates(project: string, counts: StateCounts): void;
  /** The text exposition for GET /metrics. */
  render(): Promise<string>;
}

export interface DaemonMetricsOptions {
  /** Also export Node process metrics (CPU, memory, event loop lag). */
  processMetrics?: boolean;
}

/** A fresh registry per daemon: never prom-client's global one, so tests and restarts do not collide. */
export function createDaemonMetrics(options: DaemonMetricsOptions = {}): DaemonMetrics {
  const registry = new Registry();
  // Event-loop lag sampled each second: prom-client's 10 ms default is a 100 Hz timer, about
  // 0.3 % of a core in an otherwise idle daemon.
  if (options.processMetrics)
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 1000 });
  const registers = [registry];

  const services = new Gauge({
    name: "hostwright_services",
    help: "Services by summary state (nominal, degraded, unstable, reconciling).",
    labelNames: ["state"] as const,
    registers,
  });
  for (const state of SUMMARY_STATES) services.set({ state }, 0);
  const byProject = new Map<string, StateCounts>();

  return {
    registry,
    reconcileCycles: new Counter({
      name: "hostwright_reconcile_cycles_total",
      help: "Reconcile cycles (observe, diff, decide) the daemon has run.",
      registers,
    }),
    driftDetected: new Counter({
      name: "hostwright_drift_detected_total",
      help: "Drift detected, by kind (missing, stopped, modified, unhealthy, orphan, clash, extra).",
      labelNames: ["kind"] as const,
      registers,
    }),
    restarts: new Counter({
      name: "hostwright_restarts_total",
      help: "Container restarts made by the daemon, by service.",
      labelNames: ["service"] as const,
      registers,
    }),
    probeDuration: new Histogram({
      name: "hostwright_probe_duration_seconds",
      help: "Health probe duration, by probe kind (exec, http, tcp).",
      labelNames: ["kind"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    actionsBlocked: new Counter({
      name: "hostwright_actions_blocked_total",
      help: "Repairs the guardrails blocked, by reason (paused, clash, rate-limit, window, retries).",
      labelNames: ["reason"] as const,
      registers,
    }),
    services,
    setServiceStates(project, counts) {
      byProject.set(project, counts);
      for (const state of SUMMARY_STATES) {
        let total = 0;
        for (const c of byProject.values()) total += c[state] ?? 0;
        services.set({ state }, total);
      }
    },
    render: () => registry.metrics(),
  };
}
