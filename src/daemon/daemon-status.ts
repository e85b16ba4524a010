/**
 * Daemon status: what `status` shows and the services gauge counts, from one view of what the
 * daemon knows (desired, last observation, health, decisions, back-off). Pure: no I/O, time is
 * passed in, so status, metrics and events cannot disagree.
 */
import { buildStatus, type ProjectStatus } from "../apply/index.js";
import type { Desired, Observed } from "../core/index.js";
import type { OwnershipView } from "../reconcile/index.js";
import {
  type ActionDecision,
  projectSummary,
  type RestartBackoff,
  type SummaryState,
  serviceSummary,
} from "./policy/index.js";

/** The latest decision about one instance (or service), kept until its drift goes away. */
export interface InstanceDecision {
  decision: ActionDecision;
  backoffText?: string;
  crashLoop?: string;
}

export interface DaemonView {
  project: string;
  desired: Desired;
  /** Undefined until a pass has observed the runtime. */
  observed: Observed | undefined;
  /** Read only for status (the gauge does not need the store). */
  ownership: () => OwnershipView;
  secretDigests: Record<string, string>;
  health: { readyOf(name: string): boolean | undefined; healthOf(name: string): string };
  decisions: ReadonlyMap<string, InstanceDecision>;
  reconciling: ReadonlySet<string>;
  lastPassAt: string | undefined;
  runtimeDown: string | undefined;
  paused: () => unknown;
  backoffs: ReadonlyMap<string, RestartBackoff>;
}

export function serviceStates(v: DaemonView): Map<string, SummaryState> {
  const out = new Map<string, SummaryState>();
  const running = (n: string) => v.observed?.containers.some((c) => c.name === n && c.state === "running");
  for (const s of v.desired.services) {
    const names = v.desired.instances.filter((i) => i.service === s.name).map((i) => i.name);
    const ds = names.map((n) => v.decisions.get(n)).filter((d) => d !== undefined);
    out.set(
      s.name,
      serviceSummary({
        desired: s.replicas,
        running: names.filter(running).length,
        ready: names.filter((n) => v.health.readyOf(n) !== false && running(n)).length,
        drift: ds.map((d) => d.decision.action),
        unstable: ds.some((d) => d.crashLoop) || names.some((n) => v.health.healthOf(n) === "unhealthy"),
        blocked: ds.some((d) => d.decision.verdict === "blocked"),
        reconciling: v.reconciling.has(s.name),
      }),
    );
  }
  return out;
}

/** Per-state service counts for the `hostwright_services` gauge. */
export function serviceStateCounts(v: DaemonView): Partial<Record<SummaryState, number>> {
  const counts: Partial<Record<SummaryState, number>> = {};
  for (const st of serviceStates(v).values()) counts[st] = (counts[st] ?? 0) + 1;
  return counts;
}

export function daemonStatus(
  v: DaemonView,
  now: number,
): (ProjectStatus & { daemon: Record<string, unknown> }) | undefined {
  if (!v.observed) return undefined;
  const base = buildStatus(v.desired, v.observed, v.ownership(), v.secretDigests, (n) =>
    v.health.healthOf(n),
  );
  const states = serviceStates(v);
  for (const s of base.services) {
    s.summary = states.get(s.name) ?? s.summary;
    for (const i of s.instances) {
      const d = v.decisions.get(i.name);
      if (d?.backoffText) i.drift = `${i.drift ?? ""} — ${d.backoffText}`.replace(/^ — /, "");
      if (d && d.decision.verdict !== "act")
        i.drift = `${i.drift ?? ""} [${d.decision.verdict}: ${d.decision.reason}]`.trim();
    }
  }
  // Worst of the services, and of what buildStatus already saw (orphans make a project degraded).
  base.summary = projectSummary([base.summary, ...base.services.map((s) => s.summary)]);
  return {
    ...base,
    daemon: {
      mode: v.desired.reconcile.mode,
      lastPassAt: v.lastPassAt,
      runtimeUnavailable: v.runtimeDown ?? null,
      paused: v.paused(),
      backoff: Object.fromEntries(
        [...v.backoffs].map(([n, b]) => [n, { restarts: b.restartCount, next: b.describe(now) }]),
      ),
      // Structured, so the dashboard shows a recommendation without parsing the drift text.
      decisions: Object.fromEntries(
        [...v.decisions].map(([n, d]) => [
          n,
          { verdict: d.decision.verdict, action: d.decision.action, reason: d.decision.reason },
        ]),
      ),
    },
  };
}
