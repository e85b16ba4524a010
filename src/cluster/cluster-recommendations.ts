/**
 * The Runtime Supervisor's recommendation engine for a cluster: drift → required / recommended /
 * blocked actions. Pure and deterministic. Typed `action` and `kind`; `message` is display only.
 */
import { compareCodeUnits } from "../core/index.js";
import { type ClusterDesired, type ClusterDrift, ClusterDriftKind } from "./cluster-drift.js";
import {
  DEFAULT_SETTLE_MS,
  decideFailover,
  type FailoverDecision,
  type ServiceLocation,
} from "./failover-decision.js";
import type { NodeHistory } from "./node-history.js";

export const RecommendationKind = {
  required: "required",
  recommended: "recommended",
  blocked: "blocked",
} as const;
export type RecommendationKind = (typeof RecommendationKind)[keyof typeof RecommendationKind];

/** The supervisor's reconciliation event type for each kind. */
export const RECONCILE_EVENT: Record<RecommendationKind, string> = {
  required: "reconcile_required",
  recommended: "reconcile_recommended",
  blocked: "reconcile_blocked",
};

export const RecommendedAction = {
  deploy: "deploy",
  redeploy: "redeploy",
  diagnostics: "diagnostics",
  failoverReview: "failoverReview",
  failover: "failover",
  moveBack: "moveBack",
  delayedDeployment: "delayedDeployment",
  reviewPlacement: "reviewPlacement",
  resolveClash: "resolveClash",
} as const;
export type RecommendedAction = (typeof RecommendedAction)[keyof typeof RecommendedAction];

export interface ClusterRecommendation {
  kind: RecommendationKind;
  action: RecommendedAction;
  /** The drift it answers. */
  drift: ClusterDriftKind;
  service?: string;
  node?: string;
  /** failover: the node to move to. */
  target?: string;
  /** failover/moveBack not due yet: time left. */
  remainingMs?: number;
  /** Display only. */
  message: string;
}

export interface RecommendationOptions {
  /** Failed tasks at or above this many are "repeated": diagnostics instead of a redeploy. Default 3. */
  repeatedFailures?: number;
  /** Node history for failover timing; without it every offline node counts as offline "just now". */
  history?: readonly NodeHistory[];
  /** Where the daemon has each service (absent = on its primary nodes). */
  locations?: Readonly<Record<string, ServiceLocation>>;
  settleMs?: number;
  /** ISO time of the decision (the observation's time). */
  now: string;
}

export const DEFAULT_REPEATED_FAILURES = 3;

export function recommend(
  desired: ClusterDesired,
  drift: readonly ClusterDrift[],
  opts: RecommendationOptions,
): ClusterRecommendation[] {
  const out: ClusterRecommendation[] = [];
  const repeated = opts.repeatedFailures ?? DEFAULT_REPEATED_FAILURES;
  const troubled = new Set(drift.filter((d) => d.service !== undefined).map((d) => d.service as string));
  const pinnedToOffline = new Set<string>();

  for (const d of drift.filter((x) => x.kind === ClusterDriftKind.nodeOffline)) {
    const node = d.node as string;
    const before = out.length;
    for (const service of d.pinnedServices ?? []) {
      const spec = desired.services.find((s) => s.name === service);
      const decision = decideFailover({
        placement: spec?.placement,
        location: opts.locations?.[service] ?? { on: "primary" },
        nodes: opts.history ?? [],
        now: opts.now,
        settleMs: opts.settleMs ?? DEFAULT_SETTLE_MS,
      });
      if (decision.kind !== "stay" || decision.reason !== "primaryOnline") pinnedToOffline.add(service);
      const rec = failoverRecommendation(decision, service, node);
      if (rec !== undefined) out.push(rec);
    }
    // Nothing pinned here needs moving (unpinned, or another of its nodes is online): a review only.
    if (out.length === before) {
      out.push({
        kind: "recommended",
        action: "failoverReview",
        drift: d.kind,
        node,
        message: `failover review: node ${node} is offline`,
      });
    }
  }
  // A service on a failover node whose primary is back: moving back is due or settling.
  for (const [service, location] of Object.entries(opts.locations ?? {})) {
    if (location.on !== "failover" || pinnedToOffline.has(service)) continue;
    const spec = desired.services.find((s) => s.name === service);
    const decision = decideFailover({
      placement: spec?.placement,
      location,
      nodes: opts.history ?? [],
      now: opts.now,
      settleMs: opts.settleMs ?? DEFAULT_SETTLE_MS,
    });
    const rec = failoverRecommendation(decision, service, location.node);
    if (rec !== undefined) out.push(rec);
  }

  for (const d of drift) {
    if (d.service === undefined) continue;
    const service = d.service;
    const spec = desired.services.find((s) => s.name === service);
    const missingDeps = Object.keys(spec?.dependsOn ?? {})
      .filter((dep) => troubled.has(dep))
      .sort(compareCodeUnits);
    const base = { drift: d.kind, service, ...(d.node ? { node: d.node } : {}) };
    switch (d.kind) {
      case ClusterDriftKind.foreignService:
        out.push({
          ...base,
          kind: "blocked",
          action: "resolveClash",
          message: "rename the service or remove the other one by hand",
        });
        break;
      case ClusterDriftKind.unschedulable:
        // Pinned to an offline node: the node's recommendation says what to do.
        if (pinnedToOffline.has(service)) break;
        out.push({
          ...base,
          kind: "blocked",
          action: "reviewPlacement",
          message: "no node matches the placement: check constraints, drained nodes and resources",
        });
        break;
      case ClusterDriftKind.deploymentFailed:
        if ((d.failures ?? 0) >= repeated) {
          out.push({
            ...base,
            kind: "blocked",
            action: "diagnostics",
            message: `diagnostics: ${d.failures} failed deployments${d.failureKind === "imageMissing" ? " (image missing on the node)" : ""}`,
          });
          break;
        }
        pushDeploy(out, base, missingDeps, "redeploy");
        break;
      case ClusterDriftKind.serviceMissing:
        pushDeploy(out, base, missingDeps, "deploy");
        break;
      case ClusterDriftKind.replicasShort:
        if (pinnedToOffline.has(service)) break;
        pushDeploy(out, base, missingDeps, "redeploy");
        break;
      default:
        break;
    }
  }
  return out.sort(compareRecommendation);
}

function pushDeploy(
  out: ClusterRecommendation[],
  base: Pick<ClusterRecommendation, "drift" | "service" | "node">,
  missingDeps: readonly string[],
  action: "deploy" | "redeploy",
): void {
  if (missingDeps.length > 0) {
    out.push({
      ...base,
      kind: "recommended",
      action: "delayedDeployment",
      message: `delayed deployment: waiting for ${missingDeps.join(", ")}`,
    });
  } else {
    out.push({ ...base, kind: "required", action, message: action === "deploy" ? "deploy" : "redeploy" });
  }
}

function failoverRecommendation(
  decision: FailoverDecision,
  service: string,
  node: string,
): ClusterRecommendation | undefined {
  const base = { drift: ClusterDriftKind.nodeOffline, service, node };
  switch (decision.kind) {
    case "recommendOnly":
      return {
        ...base,
        kind: "blocked",
        action: "failoverReview",
        message: `failover review: node ${node} is offline and ${service} has no failover`,
      };
    case "noTarget":
      return {
        ...base,
        kind: "blocked",
        action: "failoverReview",
        message: `failover review: node ${node} is offline and no failover node is online`,
      };
    case "moveToFailover":
      return {
        ...base,
        kind: "required",
        action: "failover",
        target: decision.target,
        message: `fail over to ${decision.target}`,
      };
    case "moveBack":
      return {
        ...base,
        kind: "required",
        action: "moveBack",
        message: `move back to ${decision.nodes.join(", ")}`,
      };
    case "stay":
      if (decision.reason === "waitingForAfter")
        return {
          ...base,
          kind: "recommended",
          action: "failover",
          remainingMs: decision.remainingMs ?? 0,
          message: `fail over unless ${node} returns`,
        };
      if (decision.reason === "settling")
        return {
          ...base,
          kind: "recommended",
          action: "moveBack",
          remainingMs: decision.remainingMs ?? 0,
          message: "move back once the node has settled",
        };
      return undefined;
  }
}

const KIND_ORDER: RecommendationKind[] = ["blocked", "required", "recommended"];

export function compareRecommendation(a: ClusterRecommendation, b: ClusterRecommendation): number {
  return (
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    compareCodeUnits(a.node ?? "", b.node ?? "") ||
    compareCodeUnits(a.service ?? "", b.service ?? "") ||
    compareCodeUnits(a.action, b.action)
  );
}
