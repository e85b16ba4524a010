/**
 * Which notifiable transitions a service went through, from the summary states the daemon
 * computes (the same ones status shows) and from its rollback / blocked events. Pure: no clock,
 * no I/O. The first state seen for a service is its baseline and is not announced, so a daemon
 * start (which creates everything, degraded until it runs) does not notify; "recovered" is sent
 * only after a failure was announced.
 */
import type { HwEvent, SummaryState } from "../core/index.js";
import type { TransitionDraft } from "./notification.js";

/** The daemon's per-service summary state (the one status shows). */
export type ServiceCondition = SummaryState;

export interface ServiceSnapshot {
  service: string;
  condition: ServiceCondition;
  /** What runs (spec hashes and image ids of the running instances); "" when nothing runs. */
  version: string;
}

interface Known {
  condition: Exclude<ServiceCondition, "reconciling">;
  /** A failure was announced and no recovery yet. */
  announced: boolean;
  /** The version last seen while nominal. */
  nominalVersion?: string;
}

export class TransitionTracker {
  private readonly known = new Map<string, Known>();

  note(snapshots: readonly ServiceSnapshot[]): TransitionDraft[] {
    const out: TransitionDraft[] = [];
    const seen = new Set<string>();
    for (const s of snapshots) {
      seen.add(s.service);
      // A repair in flight is neither a failure nor a recovery: wait for where it lands.
      if (s.condition === "reconciling") continue;
      const prev = this.known.get(s.service);
      if (prev === undefined) {
        this.known.set(s.service, {
          condition: s.condition,
          announced: false,
          ...(s.condition === "nominal" ? { nominalVersion: s.version } : {}),
        });
        continue;
      }
      if (s.condition !== "nominal") {
        // Degraded while other containers than the nominal ones already run is an update in
        // flight (its spec drift is still the pass's decision), not a failure: it ends as "update".
        const updating =
          s.condition === "degraded" &&
          prev.nominalVersion !== undefined &&
          s.version !== "" &&
          s.version !== prev.nominalVersion;
        if (s.condition !== prev.condition && !updating) {
          out.push({
            service: s.service,
            transition: s.condition,
            reason: s.condition === "unstable" ? "state-unstable" : "state-degraded",
            message: `${s.service} is ${s.condition} (was ${prev.condition})`,
            from: prev.condition,
            to: s.condition,
          });
          prev.announced = true;
        }
        prev.condition = s.condition;
        continue;
      }
      if (prev.condition !== "nominal" && prev.announced) {
        out.push({
          service: s.service,
          transition: "recovered",
          reason: "state-nominal",
          message: `${s.service} recovered: nominal again (was ${prev.condition})`,
          from: prev.condition,
          to: "nominal",
        });
        prev.announced = false;
      }
      if (prev.nominalVersion !== undefined && s.version !== "" && s.version !== prev.nominalVersion) {
        out.push({
          service: s.service,
          transition: "update",
          reason: "version-changed",
          message: `${s.service} updated: new containers are running and nominal`,
        });
      }
      prev.condition = "nominal";
      if (s.version !== "") prev.nominalVersion = s.version;
    }
    for (const service of [...this.known.keys()]) if (!seen.has(service)) this.known.delete(service);
    return out;
  }
}

/** Rollbacks and blocked repairs come as daemon events; only their structured fields are read. */
export function transitionFromEvent(e: HwEvent): TransitionDraft | undefined {
  if (!e.service) return undefined;
  if (e.type === "rolled_back") {
    return {
      service: e.service,
      transition: "rollback",
      reason: "rolled-back",
      message: `${e.service} rolled back to its previous spec after a failed update`,
    };
  }
  if (e.type === "reconcile_blocked") {
    const crashLoop = e.data?.crashLoop === true;
    return {
      service: e.service,
      transition: "blocked",
      reason: crashLoop ? "crash-loop" : "repair-blocked",
      message: crashLoop
        ? `${e.service}: crash loop; the daemon stopped restarting it`
        : `${e.service}: a repair is blocked by policy`,
    };
  }
  // A swarm failover move that was carried out: the swarm daemon's "info" event with data.failover.
  // (A withheld move is a reconcile_blocked / reconcile_recommended event; a failed one is "failed".)
  if (e.type === "info") return failoverTransition(e.service, e.data?.failover);
  return undefined;
}

function failoverTransition(service: string, failover: unknown): TransitionDraft | undefined {
  if (typeof failover !== "object" || failover === null) return undefined;
  const action = (failover as { action?: unknown }).action;
  if (action === "moveToFailover") {
    return {
      service,
      transition: "failover",
      reason: "failed-over",
      message: `${service} moved to its failover node: its nodes are offline`,
    };
  }
  if (action === "moveBack") {
    return {
      service,
      transition: "failback",
      reason: "failed-back",
      message: `${service} moved back to its own nodes`,
    };
  }
  return undefined;
}
