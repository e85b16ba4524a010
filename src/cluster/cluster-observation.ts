/**
 * What a cluster runtime reports about its nodes, services and tasks: runtime-neutral data that
 * the pure cluster judgement (drift, recommendations, summary, failover) reads. The swarm adapter
 * fills it from a few list calls (nodes, services, tasks); nothing here knows the Engine API.
 * All arrays are sorted by the filler (see compareCodeUnits) so judgement output is deterministic
 * even when it is not re-sorted; the judgement still sorts what it emits.
 */

/** ready = taking work; down = the manager lost it; disconnected = reachable but not in the cluster; unknown = not reported. */
export type ClusterNodeState = "ready" | "down" | "unknown" | "disconnected";
export type ClusterNodeAvailability = "active" | "pause" | "drain";
export type ClusterNodeRole = "manager" | "worker";

export interface ClusterNode {
  /** The runtime's node id (swarm: node ID). */
  id: string;
  /** The node's hostname: what placement.nodes and an inventory's hosts/<node>/ name. */
  hostname: string;
  state: ClusterNodeState;
  availability: ClusterNodeAvailability;
  role: ClusterNodeRole;
  /** Managers only: true on the raft leader. */
  leader?: boolean;
  /** Managers only: the manager is reachable by the other managers (swarm ManagerStatus.Reachability). */
  managerReachable?: boolean;
  /** The node's own message about its state when it has one (swarm Status.Message); display only. */
  message?: string;
  /** Node labels (swarm Spec.Labels), for constraint matching. */
  labels?: Record<string, string>;
}

/**
 * Task states as Swarm names them (a superset of what other schedulers report). "pending" is
 * waiting for a node (unschedulable when it stays there); "rejected" and "failed" are failed
 * deployments; "orphaned" is a task on a node the manager lost.
 */
export type ClusterTaskState =
  | "new"
  | "pending"
  | "assigned"
  | "accepted"
  | "preparing"
  | "ready"
  | "starting"
  | "running"
  | "complete"
  | "shutdown"
  | "failed"
  | "rejected"
  | "remove"
  | "orphaned";

/** What the scheduler wants the task to be; a task with desiredState shutdown is history. */
export type ClusterTaskDesiredState = "running" | "shutdown" | "accepted" | "ready" | "remove" | "complete";

/**
 * Why a task did not run, classified by the adapter from structured fields (never by the judgement
 * parsing `error`): noSuitableNode = the scheduler found no node matching constraints/resources;
 * imageMissing = the node could not get the image; other = anything else.
 */
export type ClusterTaskFailureKind = "noSuitableNode" | "imageMissing" | "other";

export interface ClusterTask {
  id: string;
  /** Absent while the task is pending (not yet assigned). */
  nodeId?: string;
  /** The node's hostname, filled from the node list when nodeId is known. */
  hostname?: string;
  /** Replica slot (1-based), when the runtime reports one. */
  slot?: number;
  desiredState: ClusterTaskDesiredState;
  state: ClusterTaskState;
  /** The runtime's error text for a failed/rejected/pending task (display only; may be long). */
  error?: string;
  /** The runtime's status message (e.g. "no suitable node (…)"); display only. */
  message?: string;
  /** Adapter's classification of the failure, see ClusterTaskFailureKind. */
  failure?: ClusterTaskFailureKind;
  /** ISO time of the task's last status change. */
  timestamp: string;
}

export interface ClusterService {
  /** The runtime's name, `<project>_<service>` for ours. */
  name: string;
  /** The Hostwright service name (from the ownership label); absent for a service that is not ours. */
  service?: string;
  /** The runtime's service id. */
  id: string;
  /** Carries our ownership labels (the adapter also checks the state store before acting). */
  owned: boolean;
  labels: Record<string, string>;
  /** Swarm Version.Index: unchanged across a no-op apply. */
  versionIndex: number;
  /** Replicated mode's desired count. */
  desiredReplicas: number;
  /** Placement actually on the service (swarm Placement.Constraints), as written there. */
  constraints?: string[];
  /** Update state when the runtime reports one (swarm UpdateStatus.State), e.g. "updating", "rollback_started". */
  updateState?: string;
  /** Newest first is NOT assumed: the judgement orders by timestamp itself. */
  tasks: ClusterTask[];
}

export interface ClusterObservation {
  project: string;
  /** ISO time the snapshot was taken; the judgement's "now" for ages unless told otherwise. */
  observedAt: string;
  nodes: ClusterNode[];
  /** Services with our project label and services whose name clashes with ours. */
  services: ClusterService[];
}
