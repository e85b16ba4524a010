/**
 * The plan is data: an ordered DAG of operations, each with a typed reason. Pure planning produces it,
 * the executor walks it, the CLI renders it. Nothing here does I/O.
 */
import type { BuildSpec, DependencyCondition, InstanceSpec, NetworkSpec, VolumeSpec } from "../core/index.js";
import type { OpReason } from "./op-reason.js";

export type DriftKind =
  | "missing" // declared instance has no container
  | "stopped" // container exists but is not running (and should be)
  | "modified" // spec hash differs, or the image moved under its tag
  | "extra" // replica index above the declared count (scale down)
  | "orphan" // owned container of a service no longer declared
  | "unhealthy" // running, but its liveness probe failed past its threshold (restart in place)
  | "clash" // a resource with our name that we cannot prove we own
  | "leftover"; // owned container with a non-canonical name (interrupted start-first update)

export interface Drift {
  kind: DriftKind;
  service: string;
  /** Container name the drift is about (absent for service-level drift). */
  name?: string;
  index?: number;
  detail: string;
}

export type OpKind =
  | "ensure-network"
  | "ensure-volume"
  | "ensure-image"
  | "rename"
  | "stop"
  | "remove"
  | "create"
  | "start"
  | "await"
  | "remove-volume"
  | "remove-network";

interface OpBase {
  /** 1-based position in the plan; stable for identical inputs. */
  id: number;
  kind: OpKind;
  /** Resource id, e.g. "container:hello-web-1", "network:hello_default", "image:busybox". */
  target: string;
  /** What the op belongs to, as Compose's plan nodes have: the service, or the shared resource. */
  group: string;
  service?: string;
  /** Why the op is planned, as data; the text is rendered at the edge (renderReason). */
  reason: OpReason;
  dependsOn: number[];
}

/** Ops on a container; `replaces` names the instance whose old container a start-first update parked. */
interface ContainerOpBase extends OpBase {
  name: string;
  replaces?: string;
}

export interface EnsureNetworkOp extends OpBase {
  kind: "ensure-network";
  name: string;
  /** The declared network (driver, ipam...); external ones are checked, never created or owned. */
  network?: NetworkSpec;
}
export interface EnsureVolumeOp extends OpBase {
  kind: "ensure-volume";
  name: string;
  volume: string;
  /** Only when it has options: external ones are checked, never created or owned. */
  spec?: VolumeSpec;
}
export interface EnsureImageOp extends OpBase {
  kind: "ensure-image";
  ref: string;
  /** Set for a built service: the image is built from this, never pulled. */
  build?: BuildSpec;
  /** "always": pull although an image is present (pullPolicy always and the tag moved). */
  pull?: "always";
}
export interface CreateOp extends ContainerOpBase {
  kind: "create";
  name: string;
  instance: InstanceSpec;
  /** Final spec hash (service hash + secret digest) written to the spec-hash label. */
  specHash: string;
}
export interface StartOp extends ContainerOpBase {
  kind: "start";
  name: string;
  /** Known when the container already exists; otherwise the create op's result is used. */
  runtimeId?: string;
}
export interface AwaitOp extends ContainerOpBase {
  kind: "await";
  name: string;
  condition: Exclude<DependencyCondition, "started"> | "running";
  timeoutMs: number;
  runtimeId?: string;
}
export interface StopOp extends ContainerOpBase {
  kind: "stop";
  name: string;
  runtimeId: string;
  graceMs: number;
}
export interface RemoveOp extends ContainerOpBase {
  kind: "remove";
  name: string;
  runtimeId: string;
}
export interface RenameOp extends ContainerOpBase {
  kind: "rename";
  name: string;
  runtimeId: string;
  to: string;
}
export interface RemoveVolumeOp extends OpBase {
  kind: "remove-volume";
  name: string;
}
export interface RemoveNetworkOp extends OpBase {
  kind: "remove-network";
  name: string;
}

export type PlanOp =
  | EnsureNetworkOp
  | EnsureVolumeOp
  | EnsureImageOp
  | CreateOp
  | StartOp
  | AwaitOp
  | StopOp
  | RemoveOp
  | RenameOp
  | RemoveVolumeOp
  | RemoveNetworkOp;

export type ServiceAction = "create" | "recreate" | "start" | "scale" | "remove" | "blocked" | "unchanged";

export interface ServiceChange {
  service: string;
  action: ServiceAction;
  /** start-first or stop-first for recreates, with the reason. */
  strategy?: { order: "start-first" | "stop-first"; reason: string };
  detail: string;
}

export interface Plan {
  project: string;
  desiredHash: string;
  /** When the observation the plan is based on was taken (not part of the hash). */
  observedAt: string;
  drift: Drift[];
  services: ServiceChange[];
  ops: PlanOp[];
  /** Services that will not be touched, with the reason (clashes, unsupported fields…). */
  blocked: { service: string; reason: string }[];
  /** sha256 over the plan's content (ops, causes, blocked); equal plans have equal hashes. */
  hash: string;
}
