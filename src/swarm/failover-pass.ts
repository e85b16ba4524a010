/**
 * One failover pass for the daemon: observe, advance the node history, judge every service
 * (cluster module), pass each move through the guardrails, and move what may move by updating
 * only that service's placement constraint (through the journalled apply). Every move and every
 * withheld move becomes an event, which the notification hook sees on the normal stream.
 */
import { advanceNodeHistory, type ClusterObservation, type NodeHistory } from "../cluster/index.js";
import type { Desired, HwEvent } from "../core/index.js";
import type { RateLimiter } from "../daemon/policy/index.js";
import { observeCluster } from "../runtime/swarm/index.js";
import {
  type FailoverMove,
  failoversAfter,
  failoversOf,
  guardFailover,
  judgeFailovers,
  locationsOf,
} from "./failover-plan.js";
import { applySwarm, type SwarmFlowOptions } from "./swarm-flows.js";

export interface FailoverPassOptions extends Pick<SwarmFlowOptions, "store" | "api" | "lockTimeoutMs"> {
  history: readonly NodeHistory[];
  settleMs: number;
  /** Operator pause (`hostwright pause`), per service. */
  paused: (service: string) => boolean;
  rate: RateLimiter;
  now?: () => Date;
  emit?: (e: HwEvent) => void;
  correlationId?: string;
}

export interface FailoverPassResult {
  observation: ClusterObservation;
  history: NodeHistory[];
  moved: FailoverMove[];
  withheld: { move: FailoverMove; reason: string }[];
  /** Soonest time a waiting decision (after / settle) comes due, so the daemon can look again then. */
  nextDueMs?: number;
}

function describe(m: FailoverMove): string {
  return m.decision.kind === "moveToFailover"
    ? `failover: moving ${m.service} to node ${m.decision.target} (offline: ${m.decision.offline.join(", ")})`
    : `failover: moving ${m.service} back to node ${m.decision.nodes.join(", ")}`;
}

export async function runFailoverPass(
  desired: Desired,
  opts: FailoverPassOptions,
): Promise<FailoverPassResult> {
  const now = opts.now ?? (() => new Date());
  const observation = await observeCluster(opts.api, desired.project, opts.store.ownerId);
  const track = desired.services.flatMap((s) => [
    ...(s.placement?.nodes ?? []),
    ...(s.placement?.failover ?? []),
  ]);
  const history = advanceNodeHistory(opts.history, observation, track);
  const judged = judgeFailovers({ desired, observation, history, settleMs: opts.settleMs });
  const current = failoversOf(locationsOf(desired, observation));
  const moved: FailoverMove[] = [];
  const withheld: FailoverPassResult["withheld"] = [];
  const event = (e: Omit<HwEvent, "project" | "timestamp" | "correlationId">) => {
    const full: HwEvent = {
      ...e,
      project: desired.project,
      timestamp: now().toISOString(),
      correlationId: opts.correlationId ?? "failover",
    };
    opts.store.appendEvent(full);
    opts.emit?.(full);
  };
  for (const move of judged.moves) {
    const at = now();
    const verdict = guardFailover({
      mode: desired.reconcile.mode,
      paused: opts.paused(move.service),
      maintenanceWindows: desired.reconcile.guardrails.maintenanceWindows,
      now: at,
      rate: opts.rate.check(move.service, at.getTime()),
    });
    const data = { failover: { action: move.decision.kind, from: move.from, decision: move.decision } };
    if (!verdict.act) {
      withheld.push({ move, reason: verdict.reason });
      event({
        type: verdict.kind === "blocked" ? "reconcile_blocked" : "reconcile_recommended",
        severity: "warning",
        service: move.service,
        message: `${describe(move)}: not acting: ${verdict.reason}`,
        data,
      });
      continue;
    }
    opts.rate.record(move.service, at.getTime());
    const r = await applySwarm(desired, {
      store: opts.store,
      api: opts.api,
      failovers: failoversAfter(current, [move]),
      restrictTo: [move.service],
      ...(opts.lockTimeoutMs !== undefined ? { lockTimeoutMs: opts.lockTimeoutMs } : {}),
      ...(opts.emit ? { emit: opts.emit } : {}),
      ...(opts.correlationId ? { correlationId: opts.correlationId } : {}),
    });
    if (r.ok) moved.push(move);
    event({
      type: r.ok ? "info" : "failed",
      severity: r.ok ? "warning" : "error",
      service: move.service,
      message: r.ok ? describe(move) : `${describe(move)}: the update failed`,
      data,
    });
  }
  const waits = judged.decisions.flatMap((d) =>
    d.decision.kind === "stay" && d.decision.remainingMs !== undefined ? [d.decision.remainingMs] : [],
  );
  return {
    observation,
    history,
    moved,
    withheld,
    ...(waits.length > 0 ? { nextDueMs: Math.min(...waits) } : {}),
  };
}
