/**
 * The status of a swarm project: one observation judged by the cluster module (drift,
 * recommendations, summary per project/service/node), plus which services run on which node.
 */
import {
  assessCluster,
  type ClusterAssessment,
  type ClusterObservation,
  type NodeHistory,
} from "../cluster/index.js";
import { compareCodeUnits, type Desired } from "../core/index.js";
import { observeCluster, type SwarmApi } from "../runtime/swarm/index.js";
import { locationsOf } from "./failover-plan.js";

export interface SwarmNodeRow {
  hostname: string;
  state: string;
  availability: string;
  role: string;
  /** Hostwright services with a running task on the node. */
  services: string[];
}

export interface SwarmStatus {
  project: string;
  observation: ClusterObservation;
  assessment: ClusterAssessment;
  nodes: SwarmNodeRow[];
}

/** Pure: node rows with the owned services running on each. */
export function nodeRows(o: ClusterObservation): SwarmNodeRow[] {
  return o.nodes.map((n) => ({
    hostname: n.hostname,
    state: n.state,
    availability: n.availability,
    role: n.role,
    services: o.services
      .filter((s) => s.owned && s.service)
      .filter((s) =>
        s.tasks.some(
          (t) => t.hostname === n.hostname && t.state === "running" && t.desiredState === "running",
        ),
      )
      .map((s) => s.service ?? "")
      .sort(compareCodeUnits),
  }));
}

export function swarmStatusOf(
  desired: Desired,
  observation: ClusterObservation,
  opts: { history?: readonly NodeHistory[]; settleMs?: number } = {},
): SwarmStatus {
  const assessment = assessCluster(desired, observation, {
    // Where each service is comes from its constraints (a failed-over service is pinned to its failover node).
    locations: locationsOf(desired, observation),
    ...(opts.history ? { history: opts.history } : {}),
    ...(opts.settleMs !== undefined ? { settleMs: opts.settleMs } : {}),
  });
  return { project: desired.project, observation, assessment, nodes: nodeRows(observation) };
}

export async function observeSwarmStatus(
  desired: Desired,
  api: SwarmApi,
  ownerId: string,
): Promise<SwarmStatus> {
  return swarmStatusOf(desired, await observeCluster(api, desired.project, ownerId));
}
