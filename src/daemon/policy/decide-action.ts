import type { EventType } from "../../core/index.js";
import type { RateDecision } from "./rate-limit.js";
import type { RestartDecision } from "./restart-decision.js";

/** The drift the daemon can meet: reconcile's kinds plus `unhealthy` from the health module. */
export type GuardedDriftKind =
  | "missing"
  | "stopped"
  | "modified"
  | "unhealthy"
  | "orphan"
  | "clash"
  | "extra"
  | "leftover";

export type RepairAction =
  | "redeploy"
  | "restart"
  | "remove-orphan"
  | "review"
  | "diagnostics"
  | "wait-for-window"
  | "none";

export type Verdict = "act" | "required" | "recommended" | "blocked" | "none";

export interface ActionInput {
  mode: "heal" | "recommend";
  drift: { kind: GuardedDriftKind; service: string; instance?: string; detail: string };
  /** The repair recreates or removes something. Recreate/remove kinds are destructive regardless. */
  destructive: boolean;
  paused: boolean;
  /** The service's rate limiter, asked with `check` (record only when the verdict is `act`). */
  rate: RateDecision;
  insideWindow: boolean;
  /** Shown in "wait-for-window" reasons when known. */
  nextWindowStart?: Date;
  /** For an exited container: what its restart policy says (see decideRestart). */
  restartDecision?: RestartDecision;
}

export interface ActionDecision {
  verdict: Verdict;
  eventType: Extract<EventType, "reconcile_required" | "reconcile_recommended" | "reconcile_blocked"> | null;
  action: RepairAction;
  reason: string;
  /** Whether acting spends a rate-limit slot (restart-policy restarts are paced by back-off instead). */
  consumesRateLimit: boolean;
}

/** Kinds whose repair is a recreate or a removal: never cheap, whatever the caller says. */
const INHERENTLY_DESTRUCTIVE = new Set<GuardedDriftKind>(["modified", "orphan", "extra", "leftover"]);
/** In recommend mode these keep the service from its declared state; the others are tidying. */
const REQUIRED_KINDS = new Set<GuardedDriftKind>(["missing", "stopped", "modified", "unhealthy"]);

const ACTION_FOR: Record<GuardedDriftKind, RepairAction> = {
  missing: "redeploy",
  stopped: "restart",
  modified: "redeploy",
  unhealthy: "restart",
  orphan: "remove-orphan",
  extra: "remove-orphan",
  leftover: "remove-orphan",
  clash: "review",
};

/**
 * The guardrail gate: one pure decision per drift, and every decision — including "not acting
 * because…" — carries a human reason, because each becomes an event.
 */
export function decideAction(input: ActionInput): ActionDecision {
  const { drift } = input;
  const subject = drift.instance ?? drift.service;
  const what = `${subject}: ${drift.detail}`;

  if (input.paused) return blocked("none", `${what}; not acting: paused by operator`);
  if (drift.kind === "clash") {
    return blocked("review", `${what}; never touched: it is not owned by this project — rename or remove it`);
  }

  const restart = input.restartDecision;
  const policyRestart = drift.kind === "stopped" && restart?.restart === true;
  // A container that never exited (created, paused) is plain drift; the policy only speaks to exits.
  if (drift.kind === "stopped" && restart && !restart.restart && restart.outcome !== "not-exited") {
    return byRestartPolicy(restart, subject);
  }

  const action = ACTION_FOR[drift.kind];
  const reasonCore = restart && policyRestart ? `${subject}: ${restart.reason}` : what;

  if (input.mode === "recommend") {
    return REQUIRED_KINDS.has(drift.kind)
      ? decision(
          "required",
          "reconcile_required",
          action,
          `${reasonCore}; recommend ${action} (mode recommend)`,
        )
      : decision(
          "recommended",
          "reconcile_recommended",
          action,
          `${reasonCore}; recommend ${action} (mode recommend)`,
        );
  }

  // Heal mode. A restart the container's own policy asks for is not destructive and is paced by
  // its back-off, so neither the window nor the rate limit holds it back.
  if (policyRestart)
    return { ...decision("act", null, "restart", `${reasonCore}; restarting`), consumesRateLimit: false };

  const destructive = input.destructive || INHERENTLY_DESTRUCTIVE.has(drift.kind);
  if (destructive && !input.insideWindow) {
    const when = input.nextWindowStart ? ` (next window opens ${input.nextWindowStart.toISOString()})` : "";
    return blocked(
      "wait-for-window",
      `${what}; ${action} is destructive and waits for a maintenance window${when}`,
    );
  }
  if (!input.rate.allowed) {
    return blocked(
      "diagnostics",
      `${what}; not acting: ${input.rate.reason}; repeated repairs need diagnostics`,
    );
  }
  return { ...decision("act", null, action, `${what}; ${action}`), consumesRateLimit: true };
}

/** A stopped container whose restart policy says "leave it": nothing, a review, or a human. */
function byRestartPolicy(restart: RestartDecision, subject: string): ActionDecision {
  const why = `${subject}: ${restart.reason}`;
  switch (restart.outcome) {
    case "retries-exhausted":
      return blocked("diagnostics", `${why}; repeated failures need diagnostics`);
    case "policy-no":
      return decision("recommended", "reconcile_recommended", "review", `${why}; review why it failed`);
    default:
      return decision("none", null, "none", `${why}; nothing to do`);
  }
}

function blocked(action: RepairAction, reason: string): ActionDecision {
  return decision("blocked", "reconcile_blocked", action, reason);
}

function decision(
  verdict: Verdict,
  eventType: ActionDecision["eventType"],
  action: RepairAction,
  reason: string,
): ActionDecision {
  return { verdict, eventType, action, reason, consumesRateLimit: false };
}
