/**
 * Summary states (nominal / degraded / unstable / reconciling) of a cluster project, per service,
 * per node and for the project. The states and their order are the single-machine ones
 * (core/summary-state.ts, imported, not copied): a project is as bad as its worst part.
 */
import { compareCodeUnits, projectSummary, type SummaryState } from "../core/index.js";
import { type ClusterDesired, type ClusterDrift, ownedService } from "./cluster-drift.js";
import type { ClusterObservation } from "./cluster-observation.js";
import type { ClusterRecommendation } from "./cluster-recommendations.js";

export type { SummaryState };

export interface ClusterSummary {
  project: SummaryState;
  /** Every declared service. */
  services: Record<string, SummaryState>;
  /** Every node the project uses (placement, tasks, drift), by hostname. */
  nodes: Record<string, SummaryState>;
}

/** Swarm's update states that mean a change is being rolled out right now. */
const ROLLING = new Set(["updating", "rollback_started"]);

export function summarizeCluster(
  desired: ClusterDesired,
  obs: ClusterObservation,
  drift: readonly ClusterDrift[],
  recs: readonly ClusterRecommendation[],
  /** Services a repair is in flight for (the daemon knows; the observation shows rolling updates). */
  reconciling: readonly string[] = [],
): ClusterSummary {
  const services: Record<string, SummaryState> = {};
  // Keys in name order whatever the input order (the summary is rendered and compared as JSON).
  for (const spec of [...desired.services].sort((a, b) => compareCodeUnits(a.name, b.name))) {
    const mine = drift.filter((d) => d.service === spec.name);
    const blocked = recs.some((r) => r.service === spec.name && r.kind === "blocked");
    const observed = ownedService(obs, spec.name);
    const rolling = reconciling.includes(spec.name) || ROLLING.has(observed?.updateState ?? "");
    services[spec.name] =
      blocked || mine.some((d) => d.severity === "critical")
        ? "unstable"
        : rolling
          ? "reconciling"
          : mine.length > 0
            ? "degraded"
            : "nominal";
  }

  const nodeServices = new Map<string, Set<string>>();
  const use = (node: string, service?: string) => {
    const set = nodeServices.get(node) ?? new Set<string>();
    if (service !== undefined) set.add(service);
    nodeServices.set(node, set);
  };
  for (const spec of desired.services) for (const n of spec.placement?.nodes ?? []) use(n, spec.name);
  for (const spec of desired.services) for (const n of spec.placement?.failover ?? []) use(n);
  for (const s of obs.services) {
    if (!s.owned || s.service === undefined || services[s.service] === undefined) continue;
    for (const t of s.tasks) if (t.desiredState === "running" && t.hostname) use(t.hostname, s.service);
  }
  for (const d of drift) if (d.node !== undefined) use(d.node);

  const nodes: Record<string, SummaryState> = {};
  for (const [hostname, names] of [...nodeServices].sort(([a], [b]) => compareCodeUnits(a, b))) {
    const offline = drift.find((d) => d.kind === "nodeOffline" && d.node === hostname);
    const node = obs.nodes.find((n) => n.hostname === hostname);
    const own: SummaryState = offline
      ? offline.severity === "critical"
        ? "unstable"
        : "degraded"
      : node !== undefined && node.availability !== "active" && names.size > 0
        ? "degraded"
        : "nominal";
    nodes[hostname] = projectSummary([own, ...[...names].map((n) => services[n] ?? "nominal")]);
  }
  return { project: projectSummary([...Object.values(services), ...Object.values(nodes)]), services, nodes };
}
