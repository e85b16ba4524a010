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
  opts: { history?: readonly NodeHistory[]; locations?: Parameters<typeof assessCluster>[2] } = {},
): SwarmStatus {
  const assessment = assessCluster(desired, observation, {
    ...(opts.locations ?? {}),
    ...(opts.history ? { history: opts.history } : {}),
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
