/**
 * From a full plan's drift to what the daemon may do right now: each drift goes through the
 * restart policy, back-off and the guardrail gate. Pure given its inputs (time, limiter and
 * back-off state are passed in); the caller turns the verdicts into events and a restricted plan.
 */
import { type Desired, formatDuration, type Observed } from "../core/index.js";
import type { Drift, Plan } from "../reconcile/index.js";
import {
  type ActionDecision,
  DEFAULT_CRASH_LOOP_THRESHOLD,
  decideAction,
  decideRestart,
  isInsideWindow,
  nextWindowStart,
  type RateLimiter,
  type RestartBackoff,
  type RestartDecision,
} from "./policy/index.js";

export interface RepairDecision {
  drift: Drift;
  decision: ActionDecision;
  /** Set when a restart waits for its back-off: when to look again (epoch ms), and the status text. */
  backoffUntil?: number;
  backoffText?: string;
  crashLoop?: string;
}

export interface DecideInput {
  plan: Plan;
  desired: Desired;
  observed: Observed;
  now: number;
  paused: (service: string) => boolean;
  limiter: RateLimiter;
  backoff: (name: string, service: string) => RestartBackoff;
  /** When each currently-exited container was first seen exited (epoch ms). */
  exitSeenAt: (name: string) => number;
  stoppedByUser: (name: string) => boolean;
  /** The spec hash of a service whose update was rolled back (the daemon does not retry it). */
  rolledBackSpec?: (service: string) => string | undefined;
}

export interface Decisions {
  items: RepairDecision[];
  /** Container names (and service names for service-level drift) the daemon may act on now. */
  act: Set<string>;
}

const DESTRUCTIVE = new Set(["modified", "orphan", "extra", "leftover"]);

export function decideRepairs(input: DecideInput): Decisions {
  const { desired, now } = input;
  const policy = desired.reconcile;
  const inside = isInsideWindow(policy.guardrails.maintenanceWindows, new Date(now));
  const next = inside ? undefined : nextWindowStart(policy.guardrails.maintenanceWindows, new Date(now));
  const items: RepairDecision[] = [];
  const act = new Set<string>();
  for (const drift of input.plan.drift) {
    const spec = desired.services.find((s) => s.name === drift.service);
    const container = input.observed.containers.find((c) => c.name === drift.name);
    const name = drift.name ?? drift.service;
    let restartDecision: RestartDecision | undefined;
    let backoffUntil: number | undefined;
    let backoffText: string | undefined;
    let crashLoop: string | undefined;
    if (drift.kind === "stopped" && spec && container) {
      const backoff = input.backoff(name, drift.service);
      restartDecision = decideRestart({
        policy: spec.restart,
        ...(container.exitCode !== undefined ? { exitCode: container.exitCode } : {}),
        state: container.state,
        stoppedByUser: input.stoppedByUser(name),
        restartsSoFar: backoff.recentRestarts.length,
      });
      if (restartDecision.restart) {
        const due = input.exitSeenAt(name) + backoff.nextDelayMs(now);
        if (due > now) {
          backoffUntil = due;
          backoffText = backoff.describe(now);
        }
      }
      // Three restarts without a stable run in between is a loop (the back-off keeps that streak).
      const streak = backoff.streak(now);
      if (streak >= DEFAULT_CRASH_LOOP_THRESHOLD) {
        crashLoop = `restarted ${streak} times without a stable run of ${formatDuration(backoff.stableRunMs)}; instance is unstable`;
      }
    }
    if (drift.kind === "modified" && spec && input.rolledBackSpec?.(drift.service) === spec.specHash) {
      items.push({
        drift,
        decision: {
          verdict: "blocked",
          eventType: "reconcile_blocked",
          action: "diagnostics",
          reason: `${name}: the update to spec ${spec.specHash.slice(0, 12)} failed and was rolled back; not retrying it automatically — fix the manifest and run \`hostwright apply\``,
          consumesRateLimit: false,
        },
      });
      continue;
    }
    const rate = input.limiter.check(drift.service, now);
    const decision = decideAction({
      mode: policy.mode,
      drift: {
        kind: drift.kind,
        service: drift.service,
        ...(drift.name ? { instance: drift.name } : {}),
        detail: drift.detail,
      },
      destructive: DESTRUCTIVE.has(drift.kind),
      paused: input.paused(drift.service),
      rate,
      insideWindow: inside,
      ...(next ? { nextWindowStart: next } : {}),
      ...(restartDecision ? { restartDecision } : {}),
    });
    if (decision.verdict === "act" && backoffUntil === undefined) act.add(name);
    items.push({
      drift,
      decision,
      ...(backoffUntil ? { backoffUntil, backoffText } : {}),
      ...(crashLoop ? { crashLoop } : {}),
    });
  }
  return { items, act };
}
