/**
 * Failover for swarm services, the pure part: where each service is now (read from the
 * constraints on the service, so a restarted daemon knows without a memory of its own), what the
 * cluster module's decideFailover says, and whether the guardrails let the daemon act on it.
 */
import {
  type ClusterObservation,
  decideFailover,
  type FailoverDecision,
  type NodeHistory,
  type ServiceLocation,
} from "../cluster/index.js";
import { compareCodeUnits, type Desired, type ServiceSpec } from "../core/index.js";
import { isInsideWindow, type RateDecision } from "../daemon/policy/index.js";
import { swarmServiceName } from "../runtime/swarm/index.js";

const HOSTNAME_PIN = "node.hostname==";

/** A service pinned by its constraints to one of its failover nodes is failed over there. */
export function locationOf(spec: ServiceSpec, observation: ClusterObservation): ServiceLocation {
  const name = swarmServiceName(observation.project, spec.name);
  const s = observation.services.find((x) => x.owned && x.name === name);
  const pins = (s?.constraints ?? [])
    .filter((c) => c.startsWith(HOSTNAME_PIN))
    .map((c) => c.slice(HOSTNAME_PIN.length));
  const node = pins.find((n) => spec.placement?.failover.includes(n));
  return node === undefined ? { on: "primary" } : { on: "failover", node };
}

export function locationsOf(
  desired: Desired,
  observation: ClusterObservation,
): Record<string, ServiceLocation> {
  return Object.fromEntries(desired.services.map((s) => [s.name, locationOf(s, observation)]));
}

/** The failover map the planner uses: services on a failover node stay there until moved back. */
export function failoversOf(locations: Readonly<Record<string, ServiceLocation>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [service, l] of Object.entries(locations)) if (l.on === "failover") out[service] = l.node;
  return out;
}

export interface FailoverMove {
  service: string;
  decision: Extract<FailoverDecision, { kind: "moveToFailover" | "moveBack" }>;
  from: ServiceLocation;
}

export interface FailoverJudgement {
  moves: FailoverMove[];
  /** Every decision, for events and status (stay / recommendOnly / noTarget included). */
  decisions: { service: string; decision: FailoverDecision }[];
}

export function judgeFailovers(input: {
  desired: Desired;
  observation: ClusterObservation;
  history: readonly NodeHistory[];
  settleMs: number;
}): FailoverJudgement {
  const decisions: FailoverJudgement["decisions"] = [];
  const moves: FailoverMove[] = [];
  for (const spec of [...input.desired.services].sort((a, b) => compareCodeUnits(a.name, b.name))) {
    const from = locationOf(spec, input.observation);
    const decision = decideFailover({
      placement: spec.placement,
      location: from,
      nodes: input.history,
      now: input.observation.observedAt,
      settleMs: input.settleMs,
    });
    decisions.push({ service: spec.name, decision });
    if (decision.kind === "moveToFailover" || decision.kind === "moveBack")
      moves.push({ service: spec.name, decision, from });
  }
  return { moves, decisions };
}

/** The failover map after the moves: moveToFailover adds the target, moveBack drops the service. */
export function failoversAfter(current: Readonly<Record<string, string>>, moves: readonly FailoverMove[]) {
  const out = { ...current };
  for (const m of moves) {
    if (m.decision.kind === "moveToFailover") out[m.service] = m.decision.target;
    else delete out[m.service];
  }
  return out;
}

export type FailoverVerdict = { act: true } | { act: false; kind: "recommended" | "blocked"; reason: string };

/** The same guardrails as one machine: pause, recommend mode, maintenance windows, rate limit. */
export function guardFailover(input: {
  mode: "heal" | "recommend";
  paused: boolean;
  maintenanceWindows: Desired["reconcile"]["guardrails"]["maintenanceWindows"];
  now: Date;
  rate: RateDecision;
}): FailoverVerdict {
  if (input.paused) return { act: false, kind: "blocked", reason: "paused by operator" };
  if (input.mode === "recommend")
    return { act: false, kind: "recommended", reason: "recommend mode: not moving it" };
  if (!isInsideWindow(input.maintenanceWindows, input.now))
    return {
      act: false,
      kind: "recommended",
      reason: "outside the maintenance windows: waiting for the next one",
    };
  if (!input.rate.allowed) return { act: false, kind: "blocked", reason: input.rate.reason };
  return { act: true };
}
