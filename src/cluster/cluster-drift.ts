/**
 * Cluster drift: what is wrong between a project's desired services (with placement) and what a
 * cluster runtime observed. Pure and deterministic: same input, same drift, in the same order.
 * Behaviour keys on `kind` and the structured fields, never on `message` (display only).
 */
import { compareCodeUnits, type Desired, type ServiceSpec } from "../core/index.js";
import type {
  ClusterObservation,
  ClusterService,
  ClusterTask,
  ClusterTaskFailureKind,
} from "./cluster-observation.js";
import { type NodeOfflineReason, nodeIndex, offlineReason, runningTaskCount } from "./node-state.js";

export const ClusterDriftKind = {
  /** A node the project uses (placement or a task of ours) is down, disconnected, unreachable or gone. */
  nodeOffline: "nodeOffline",
  /** A declared service has no cluster service. */
  serviceMissing: "serviceMissing",
  /** Fewer running tasks (on ready nodes) than replicas, without a more specific cause. */
  replicasShort: "replicasShort",
  /** Tasks failed or were rejected recently (e.g. the image is missing on the node). */
  deploymentFailed: "deploymentFailed",
  /** Tasks wait for a node: none matches the placement (constraints, pinned node drained or offline). */
  unschedulable: "unschedulable",
  /** A service with our name that is not ours: never touched. */
  foreignService: "foreignService",
} as const;
export type ClusterDriftKind = (typeof ClusterDriftKind)[keyof typeof ClusterDriftKind];

export type DriftSeverity = "critical" | "warning";

export interface ClusterDrift {
  kind: ClusterDriftKind;
  severity: DriftSeverity;
  /** Hostwright service name (absent for a node-only drift). */
  service?: string;
  /** Node hostname (nodeOffline; deploymentFailed/unschedulable when one node is to blame). */
  node?: string;
  /** nodeOffline only. */
  offlineReason?: NodeOfflineReason;
  /** nodeOffline: the project's services pinned to the node (sorted). */
  pinnedServices?: string[];
  /** replicasShort / deploymentFailed / unschedulable: running tasks on ready nodes vs replicas. */
  running?: number;
  desired?: number;
  /** deploymentFailed: failed or rejected tasks in the window, and the most common failure kind. */
  failures?: number;
  failureKind?: ClusterTaskFailureKind;
  /** Display only. */
  message: string;
}

export interface ClusterDriftOptions {
  /** Failed/rejected tasks older than this before observedAt are history, not drift. Default 10 min. */
  failureWindowMs?: number;
  /** A task pending longer than this is unschedulable even without the runtime saying so. Default 30 s. */
  pendingGraceMs?: number;
}

export type ClusterDesired = Pick<Desired, "project"> & {
  services: readonly Pick<ServiceSpec, "name" | "replicas" | "placement" | "dependsOn">[];
};

export const DEFAULT_FAILURE_WINDOW_MS = 10 * 60_000;
export const DEFAULT_PENDING_GRACE_MS = 30_000;

const FAILED_STATES = new Set(["failed", "rejected"]);

export function detectClusterDrift(
  desired: ClusterDesired,
  obs: ClusterObservation,
  opts: ClusterDriftOptions = {},
): ClusterDrift[] {
  const now = Date.parse(obs.observedAt);
  const windowMs = opts.failureWindowMs ?? DEFAULT_FAILURE_WINDOW_MS;
  const graceMs = opts.pendingGraceMs ?? DEFAULT_PENDING_GRACE_MS;
  const nodes = nodeIndex(obs);
  const out: ClusterDrift[] = [...offlineNodes(desired, obs)];
  for (const spec of desired.services) {
    const ours = ownedService(obs, spec.name);
    const clash = obs.services.find((s) => !s.owned && s.name === `${desired.project}_${spec.name}`);
    if (clash !== undefined) {
      out.push({
        kind: ClusterDriftKind.foreignService,
        severity: "critical",
        service: spec.name,
        message: `a service named ${clash.name} exists and is not ours; it is never touched`,
      });
    }
    if (ours === undefined) {
      if (clash === undefined && spec.replicas > 0) {
        out.push({
          kind: ClusterDriftKind.serviceMissing,
          severity: "warning",
          service: spec.name,
          running: 0,
          desired: spec.replicas,
          message: "not deployed",
        });
      }
      continue;
    }
    const live = ours.tasks.filter((t) => t.desiredState === "running");
    const running = runningTaskCount(ours, nodes);
    if (running >= spec.replicas) continue;
    const counts = { running, desired: spec.replicas };
    const waiting = live.filter(
      (t) =>
        t.failure === "noSuitableNode" || (t.state === "pending" && now - Date.parse(t.timestamp) > graceMs),
    );
    const failed = ours.tasks.filter(
      (t) =>
        FAILED_STATES.has(t.state) &&
        t.failure !== "noSuitableNode" &&
        now - Date.parse(t.timestamp) <= windowMs,
    );
    if (waiting.length > 0) {
      out.push({
        kind: ClusterDriftKind.unschedulable,
        severity: "critical",
        service: spec.name,
        ...counts,
        message: `${waiting.length} task${waiting.length === 1 ? "" : "s"} waiting for a node that matches ${placementText(spec)}`,
      });
    } else if (failed.length > 0) {
      const failureKind = commonFailure(failed);
      const node = singleNode(failed);
      out.push({
        kind: ClusterDriftKind.deploymentFailed,
        severity: "critical",
        service: spec.name,
        ...(node ? { node } : {}),
        ...counts,
        failures: failed.length,
        failureKind,
        message: `${failed.length} failed task${failed.length === 1 ? "" : "s"} in the last ${Math.round(windowMs / 60_000)}m${failureKind === "imageMissing" ? " (image missing on the node)" : ""}`,
      });
    } else {
      out.push({
        kind: ClusterDriftKind.replicasShort,
        severity: "warning",
        service: spec.name,
        ...counts,
        message: `${running}/${spec.replicas} running`,
      });
    }
  }
  return out.sort(compareDrift);
}

/**
 * Offline nodes the project cares about: named by a placement (nodes or failover) or running a
 * task of ours. Other offline nodes are the cluster's business (Swarm keeps a departed node as
 * Down until `docker node rm`), so they do not degrade every project.
 */
function offlineNodes(desired: ClusterDesired, obs: ClusterObservation): ClusterDrift[] {
  const nodes = nodeIndex(obs);
  const wanted = new Set<string>();
  for (const s of desired.services)
    for (const n of [...(s.placement?.nodes ?? []), ...(s.placement?.failover ?? [])]) wanted.add(n);
  for (const s of obs.services) {
    if (!s.owned) continue;
    for (const t of s.tasks)
      if (t.desiredState === "running" && t.hostname !== undefined) wanted.add(t.hostname);
  }
  const out: ClusterDrift[] = [];
  for (const hostname of wanted) {
    const node = obs.nodes.find((n) => n.hostname === hostname);
    const reason = offlineReason(node);
    if (reason === undefined) continue;
    const pinned = desired.services
      .filter((s) => s.placement?.nodes.includes(hostname) && s.replicas > 0)
      .map((s) => s.name)
      .sort(compareCodeUnits);
    // Critical while a pinned service is actually down; once it runs elsewhere (moved to its
    // failover node) the offline node is a warning: the project is degraded, not unstable.
    const stranded = pinned.filter((name) => {
      const spec = desired.services.find((s) => s.name === name);
      return runningTaskCount(ownedService(obs, name), nodes) < (spec?.replicas ?? 0);
    });
    out.push({
      kind: ClusterDriftKind.nodeOffline,
      severity: stranded.length > 0 ? "critical" : "warning",
      node: hostname,
      offlineReason: reason,
      pinnedServices: pinned,
      message: `node ${hostname} is ${reason === "notInCluster" ? "not in the cluster" : reason}${pinned.length > 0 ? `; pinned here: ${pinned.join(", ")}` : ""}`,
    });
  }
  return out;
}

function placementText(spec: ClusterDesired["services"][number]): string {
  const p = spec.placement;
  if (p === undefined || (p.nodes.length === 0 && p.constraints.length === 0)) return "its resources";
  return [...(p.nodes.length > 0 ? [`nodes ${p.nodes.join("|")}`] : []), ...p.constraints].join(", ");
}

function commonFailure(tasks: readonly ClusterTask[]): ClusterTaskFailureKind {
  const count = (k: ClusterTaskFailureKind) => tasks.filter((t) => (t.failure ?? "other") === k).length;
  return count("imageMissing") >= count("other") && count("imageMissing") > 0 ? "imageMissing" : "other";
}

function singleNode(tasks: readonly ClusterTask[]): string | undefined {
  const hosts = new Set(tasks.map((t) => t.hostname));
  const [only] = hosts;
  return hosts.size === 1 ? only : undefined;
}

const KIND_ORDER: ClusterDriftKind[] = Object.values(ClusterDriftKind);

/** Nodes first, then by service, then kind: a stable order for rendering, events and tests. */
export function compareDrift(a: ClusterDrift, b: ClusterDrift): number {
  const nodeFirst = (a.service === undefined ? 0 : 1) - (b.service === undefined ? 0 : 1);
  return (
    nodeFirst ||
    compareCodeUnits(a.service ?? "", b.service ?? "") ||
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    compareCodeUnits(a.node ?? "", b.node ?? "")
  );
}

/** The observed service of a declared one (ours only): the one place that says which is ours. */
export function ownedService(obs: ClusterObservation, service: string): ClusterService | undefined {
  return obs.services.find((s) => s.owned && s.service === service);
}
