/**
 * Failover under guardrails, the decision only: given a service's placement, where it runs now
 * and each node's history, say whether to move it. Pure; the daemon applies recommend mode,
 * rate limits, maintenance windows and pause on top, and the swarm executor does the move.
 */
import type { PlacementSpec } from "../core/index.js";
import type { NodeHistory } from "./node-history.js";

/** Where the daemon last put the service: on its own nodes, or moved to a failover node. */
export type ServiceLocation = { on: "primary" } | { on: "failover"; node: string };

export const FailoverDecisionKind = {
  /** Nothing to do (reason says why). */
  stay: "stay",
  /** Every primary node has been offline for `after`: move to `target`. */
  moveToFailover: "moveToFailover",
  /** A primary node is back and has been stable for the settle period: move back to placement.nodes. */
  moveBack: "moveBack",
  /** Primary nodes offline and no `failover` configured: recommend a failover review only. */
  recommendOnly: "recommendOnly",
  /** Failover is due but no failover node is online: nothing can be done automatically. */
  noTarget: "noTarget",
} as const;
export type FailoverDecisionKind = (typeof FailoverDecisionKind)[keyof typeof FailoverDecisionKind];

export type StayReason = "unpinned" | "primaryOnline" | "waitingForAfter" | "settling" | "onFailover";

export type FailoverDecision =
  | {
      kind: "stay";
      reason: StayReason;
      /** waitingForAfter/settling: time left, when known. */
      remainingMs?: number;
    }
  | { kind: "moveToFailover"; target: string; offline: string[] }
  | { kind: "moveBack"; nodes: string[] }
  | { kind: "recommendOnly"; offline: string[] }
  | { kind: "noTarget"; offline: string[] };

export interface FailoverInput {
  placement: PlacementSpec | undefined;
  location: ServiceLocation;
  nodes: readonly NodeHistory[];
  /** ISO time of the decision (the observation's time). */
  now: string;
  /** How long a returned primary must stay online before moving back. */
  settleMs: number;
}

export const DEFAULT_SETTLE_MS = 60_000;

/** How long a node has been in its current state; unknown (no `since`) counts as 0. */
function heldFor(n: NodeHistory | undefined, now: number): number {
  if (n?.since === undefined) return 0;
  return Math.max(0, now - Date.parse(n.since));
}

export function decideFailover(input: FailoverInput): FailoverDecision {
  const p = input.placement;
  if (p === undefined || p.nodes.length === 0) return { kind: "stay", reason: "unpinned" };
  const now = Date.parse(input.now);
  const history = (name: string) => input.nodes.find((n) => n.hostname === name);
  // A node missing from the history was never seen: offline (notInCluster), for an unknown time.
  const online = (name: string) => history(name)?.online === true;
  const primaries = p.nodes;
  const offline = primaries.filter((n) => !online(n));

  if (input.location.on === "failover") {
    const current = input.location.node;
    const back = primaries.filter(online);
    if (back.length > 0) {
      const stable = Math.max(...back.map((n) => heldFor(history(n), now)));
      if (stable >= input.settleMs) return { kind: "moveBack", nodes: [...primaries] };
      return { kind: "stay", reason: "settling", remainingMs: input.settleMs - stable };
    }
    if (online(current)) return { kind: "stay", reason: "onFailover" };
    const next = p.failover.find((n) => n !== current && online(n));
    return next === undefined
      ? { kind: "noTarget", offline: [...offline, current] }
      : { kind: "moveToFailover", target: next, offline: [...offline, current] };
  }

  if (offline.length < primaries.length) return { kind: "stay", reason: "primaryOnline" };
  if (p.failover.length === 0) return { kind: "recommendOnly", offline };
  // Every primary must have been offline for `after`: the most recent to go down decides.
  const downFor = Math.min(...primaries.map((n) => heldFor(history(n), now)));
  if (downFor < p.afterMs)
    return { kind: "stay", reason: "waitingForAfter", remainingMs: p.afterMs - downFor };
  const target = p.failover.find(online);
  return target === undefined ? { kind: "noTarget", offline } : { kind: "moveToFailover", target, offline };
}

/** The placement the runtime should apply for a location: failover pins the service to that one node. */
export function effectivePlacement(p: PlacementSpec, location: ServiceLocation): PlacementSpec {
  return location.on === "primary" ? p : { ...p, nodes: [location.node] };
}
