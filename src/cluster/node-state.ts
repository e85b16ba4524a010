/** The one place that says whether a cluster node is offline, and why. */
import type { ClusterNode, ClusterObservation, ClusterService, ClusterTask } from "./cluster-observation.js";

/** down/disconnected/unknown: the node's reported state; unreachable: a manager its peers cannot reach; notInCluster: named but absent. */
export type NodeOfflineReason = "down" | "disconnected" | "unknown" | "unreachable" | "notInCluster";

export function offlineReason(node: ClusterNode | undefined): NodeOfflineReason | undefined {
  if (node === undefined) return "notInCluster";
  if (node.state !== "ready") return node.state;
  if (node.role === "manager" && node.managerReachable === false) return "unreachable";
  return undefined;
}

export const isNodeOnline = (node: ClusterNode | undefined): boolean => offlineReason(node) === undefined;

export function nodeIndex(obs: ClusterObservation): Map<string, ClusterNode> {
  const byId = new Map<string, ClusterNode>();
  for (const n of obs.nodes) byId.set(n.id, n);
  return byId;
}

/** A task counts as running only on a node that is online (Swarm keeps a lost node's last task state). */
export function taskNodeReady(task: ClusterTask, byId: ReadonlyMap<string, ClusterNode>): boolean {
  return task.nodeId !== undefined && isNodeOnline(byId.get(task.nodeId));
}

/** Tasks that run now: wanted running, reported running, on an online node (0 for no service). */
export function runningTaskCount(
  service: ClusterService | undefined,
  byId: ReadonlyMap<string, ClusterNode>,
): number {
  return (service?.tasks ?? []).filter(
    (t) => t.desiredState === "running" && t.state === "running" && taskNodeReady(t, byId),
  ).length;
}
