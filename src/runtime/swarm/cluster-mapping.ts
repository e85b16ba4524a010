/**
 * Engine API swarm objects → the runtime-neutral ClusterObservation (src/cluster). Pure. The one
 * place that reads Swarm's words: node states, task states, and the classification of a failed
 * or pending task (Swarm reports it only as text, so it is turned into a typed kind here, once).
 */
import type {
  ClusterNode,
  ClusterNodeAvailability,
  ClusterNodeState,
  ClusterObservation,
  ClusterService,
  ClusterTask,
  ClusterTaskDesiredState,
  ClusterTaskFailureKind,
  ClusterTaskState,
} from "../../cluster/index.js";
import { compareCodeUnits, Labels } from "../../core/index.js";
import type { RawNode, RawService, RawTask } from "./swarm-raw.js";

const NODE_STATES: readonly ClusterNodeState[] = ["ready", "down", "unknown", "disconnected"];
const AVAILABILITIES: readonly ClusterNodeAvailability[] = ["active", "pause", "drain"];
const TASK_STATES: readonly ClusterTaskState[] = [
  "new",
  "pending",
  "assigned",
  "accepted",
  "preparing",
  "ready",
  "starting",
  "running",
  "complete",
  "shutdown",
  "failed",
  "rejected",
  "remove",
  "orphaned",
];
const DESIRED_STATES: readonly ClusterTaskDesiredState[] = [
  "running",
  "shutdown",
  "accepted",
  "ready",
  "remove",
  "complete",
];

function pick<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

export function mapNode(n: RawNode): ClusterNode {
  return {
    id: n.ID,
    hostname: n.Description?.Hostname ?? n.ID,
    state: pick(n.Status.State, NODE_STATES, "unknown"),
    availability: pick(n.Spec.Availability, AVAILABILITIES, "active"),
    role: n.Spec.Role === "manager" ? "manager" : "worker",
    ...(n.ManagerStatus?.Leader !== undefined ? { leader: n.ManagerStatus.Leader } : {}),
    ...(n.ManagerStatus?.Reachability !== undefined
      ? { managerReachable: n.ManagerStatus.Reachability === "reachable" }
      : {}),
    ...(n.Status.Message ? { message: n.Status.Message } : {}),
    ...(n.Spec.Labels && Object.keys(n.Spec.Labels).length > 0 ? { labels: n.Spec.Labels } : {}),
  };
}

/** Swarm names these only in text; matched here so nothing downstream parses messages. */
const IMAGE_MISSING =
  /no such image|pull access denied|manifest unknown|not found: manifest|repository does not exist/i;
const NO_SUITABLE_NODE = /no suitable node/i;

export function classifyTaskFailure(
  state: ClusterTaskState,
  text: string,
): ClusterTaskFailureKind | undefined {
  if (NO_SUITABLE_NODE.test(text)) return "noSuitableNode";
  if (state !== "failed" && state !== "rejected") return undefined;
  return IMAGE_MISSING.test(text) ? "imageMissing" : "other";
}

export function mapTask(t: RawTask, hostnames: ReadonlyMap<string, string>): ClusterTask {
  const state = pick(t.Status.State, TASK_STATES, "new");
  const failure = classifyTaskFailure(state, `${t.Status.Err ?? ""} ${t.Status.Message ?? ""}`);
  const hostname = t.NodeID ? hostnames.get(t.NodeID) : undefined;
  return {
    id: t.ID,
    ...(t.NodeID ? { nodeId: t.NodeID } : {}),
    ...(hostname ? { hostname } : {}),
    ...(t.Slot !== undefined ? { slot: t.Slot } : {}),
    desiredState: pick(t.DesiredState, DESIRED_STATES, "running"),
    state,
    ...(t.Status.Err ? { error: t.Status.Err } : {}),
    ...(t.Status.Message ? { message: t.Status.Message } : {}),
    ...(failure ? { failure } : {}),
    timestamp: t.Status.Timestamp ?? "",
  };
}

/** Ours = carries our project label AND owner id; the flow also checks the store record before acting. */
export function mapService(
  s: RawService,
  project: string,
  ownerId: string,
  tasks: readonly ClusterTask[],
): ClusterService {
  const labels = s.Spec.Labels ?? {};
  const owned =
    labels[Labels.managed] === "true" &&
    labels[Labels.project] === project &&
    labels[Labels.owner] === ownerId;
  const service = owned ? labels[Labels.service] : undefined;
  const constraints = s.Spec.TaskTemplate?.Placement?.Constraints;
  return {
    name: s.Spec.Name,
    ...(service ? { service } : {}),
    id: s.ID,
    owned,
    labels,
    versionIndex: s.Version.Index,
    desiredReplicas: s.Spec.Mode?.Replicated?.Replicas ?? 0,
    ...(constraints && constraints.length > 0
      ? { constraints: [...constraints].sort(compareCodeUnits) }
      : {}),
    ...(s.UpdateStatus?.State ? { updateState: s.UpdateStatus.State } : {}),
    tasks: [...tasks].sort((a, b) => compareCodeUnits(a.id, b.id)),
  };
}

export function mapClusterObservation(input: {
  project: string;
  ownerId: string;
  observedAt: string;
  nodes: readonly RawNode[];
  services: readonly RawService[];
  tasks: readonly RawTask[];
}): ClusterObservation {
  const nodes = input.nodes.map(mapNode).sort((a, b) => compareCodeUnits(a.hostname, b.hostname));
  const hostnames = new Map(nodes.map((n) => [n.id, n.hostname]));
  const byService = new Map<string, ClusterTask[]>();
  for (const t of input.tasks) {
    const list = byService.get(t.ServiceID) ?? [];
    list.push(mapTask(t, hostnames));
    byService.set(t.ServiceID, list);
  }
  const services = input.services
    .map((s) => mapService(s, input.project, input.ownerId, byService.get(s.ID) ?? []))
    .sort((a, b) => compareCodeUnits(a.name, b.name));
  return { project: input.project, observedAt: input.observedAt, nodes, services };
}
