import type { Desired, NetworkSpec, Observed, ServiceSpec } from "../core/index.js";

/** What the store knows we own, as plain data (the planner never touches the store itself). */
export interface OwnershipView {
  /** This store's UUID; containers labelled with another owner are foreign. */
  ownerId: string;
  containers: ReadonlySet<string>;
  volumes: ReadonlySet<string>;
  networks: ReadonlySet<string>;
}

export interface PlanInput {
  desired: Desired;
  observed: Observed;
  ownership: OwnershipView;
  /** Per service: digest of its resolved secret values ("" when it has none). */
  secretDigests: Readonly<Record<string, string>>;
  /** Earlier service specs (from stored desired revisions), to explain what changed. */
  history?: readonly ServiceSpec[];
  /** Containers whose liveness probe failed past its threshold (from the daemon's health loops). */
  unhealthy?: ReadonlySet<string>;
  /** What the runtime can do that changes the plan's shape (absent: everything). */
  runtime?: { name: string; rename: boolean };
  /**
   * Services whose image an auto-update replaced (desired already carries the resolved image):
   * lets the plan say why. Data only; resolving it is the daemon's job.
   */
  imageUpdates?: Readonly<Record<string, { policy: string; declared: string; resolved: string }>>;
  /**
   * pullPolicy always: image references whose tag the registry now serves under another digest
   * than the local image's (`from`, absent when not present locally). Resolved by apply/ (I/O).
   */
  tagMoves?: Readonly<Record<string, { from?: string; to: string }>>;
}

export interface DownInput {
  project: string;
  observed: Observed;
  ownership: OwnershipView;
  /** Declared dependencies, when known, to stop dependents before their dependencies. */
  dependsOn: Readonly<Record<string, readonly string[]>>;
  removeVolumes: boolean;
  /** Declared stop grace per service, when known (default 10s, as the manifest's default). */
  stopGraceMs?: Readonly<Record<string, number>>;
  /** Runtime names of volumes whose reclaimPolicy is delete. */
  deleteVolumes: ReadonlySet<string>;
}

export function networkName(project: string): string {
  return `${project}_default`;
}

/** Runtime name of a declared network key ("default" = the project network). */
export function runtimeNetworkName(
  project: string,
  key: string,
  declared?: Readonly<Record<string, NetworkSpec>>,
): string {
  const spec = declared?.[key];
  if (spec) return spec.runtimeName;
  return key === "default" ? networkName(project) : `${project}_${key}`;
}

/** Declared network keys a service joins (none with a network mode). */
export function serviceNetworkKeys(spec: ServiceSpec): string[] {
  if (spec.networkMode) return [];
  return (spec.networks ?? [{ name: "default" }]).map((n) => n.name);
}

export function volumeName(project: string, volume: string): string {
  return `${project}_${volume}`;
}
