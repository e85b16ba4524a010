/**
 * The RuntimeAdapter contract. Every mutating call is idempotent: starting a running container,
 * stopping a stopped one and removing a missing one succeed. Adapters throw HwError with the
 * codes in RuntimeErrorCode so callers never parse runtime-specific text.
 */
import type {
  BuildSpec,
  ENGINE_OPTION_FIELDS,
  NetworkSpec,
  PortSpec,
  Protocol,
  ServiceSpec,
  VolumeMount,
  VolumeSpec,
} from "./desired.js";

export const RuntimeErrorCode = {
  unavailable: "HW-RUNTIME-001", // engine not reachable (exit 69)
  notFound: "HW-RUNTIME-002",
  conflict: "HW-RUNTIME-003", // name already in use
  imageMissing: "HW-RUNTIME-004",
  unsupported: "HW-RUNTIME-005", // manifest asks for something this runtime cannot honour
  failed: "HW-RUNTIME-006", // any other engine error
  timeout: "HW-RUNTIME-007",
  digestMismatch: "HW-RUNTIME-008",
  notOwned: "HW-RUNTIME-009", // a network/volume with our name exists and is not ours: never adopted
} as const;

export type ContainerState =
  | "created"
  | "running"
  | "paused"
  | "restarting"
  | "exited"
  | "dead"
  | "removing"
  | "unknown";

export interface ObservedPort {
  hostIP: string;
  host: number;
  container: number;
  protocol: Protocol;
}

export interface ObservedContainer {
  /** Runtime id (Docker: full container id; Apple: the container id = name). */
  id: string;
  name: string;
  labels: Record<string, string>;
  state: ContainerState;
  exitCode?: number;
  /** ISO timestamps when the runtime reports them. */
  createdAt?: string;
  startedAt?: string;
  finishedAt?: string;
  /** The image reference the container was created from, and its image id/digest if known. */
  image: string;
  imageId?: string;
  /** The repo digest ("sha256:…") of the image the container runs, for its repository, when known. */
  imageDigest?: string;
  ports: ObservedPort[];
  /** Address on the project network, when the runtime reports one. */
  ip?: string;
  /** The engine's HEALTHCHECK status (structured inspect field State.Health.Status), when it has one. */
  health?: "starting" | "healthy" | "unhealthy";
}

export interface ObservedVolume {
  name: string;
  labels: Record<string, string>;
}

export interface ObservedNetwork {
  id: string;
  name: string;
  labels: Record<string, string>;
}

export interface Observed {
  project: string;
  /** ISO time the snapshot was taken. */
  takenAt: string;
  runtime: string;
  /** Containers carrying dev.hostwright.project=<project> (ownership still needs the store). */
  containers: ObservedContainer[];
  /** Containers whose name matches `<project>-*` but that do not carry our project label. */
  clashes: ObservedContainer[];
  /**
   * Volumes and networks labelled for the project, plus any named `<project>_*` without our labels
   * (a hand-made or Compose-made one): the planner refuses those, it never adopts them.
   */
  volumes: ObservedVolume[];
  networks: ObservedNetwork[];
  /** image reference → image id, for the references the project's containers use or want. */
  images: Record<string, string>;
  /** image id → its repo digests ("name@sha256:…"), for the ids in `images` (absent: unknown). */
  imageRepoDigests?: Record<string, string[]>;
}

export interface Capabilities {
  restartPolicy: boolean;
  healthcheck: boolean;
  events: boolean;
  labelFilter: boolean;
  udp: boolean;
  tmpfs: boolean;
  fractionalCpus: boolean;
  ephemeralHostPorts: boolean;
  init: boolean;
  readOnlyRootFilesystem: boolean;
  shmSize: boolean;
  user: boolean;
  networkAliases: boolean;
  /** Container addresses reachable from this host (false on Docker Desktop for Mac, Apple true). */
  containerAddressReachable: boolean;
  /** Honours ServiceSpec.placement across nodes (swarm); absent = false, so one-machine runtimes refuse it. */
  placement?: boolean;
  /**
   * Pulls from registries with the user's Docker credentials, so apply may ask the registry about
   * an image it must pull before anything changes (absent = false: no registry calls for it).
   */
  registryPreflight?: boolean;
}

export interface ContainerCreateSpec {
  name: string;
  image: string;
  labels: Record<string, string>;
  command?: string[];
  entrypoint?: string[];
  workdir?: string;
  /** "user" or "user:group". */
  user?: string;
  init: boolean;
  /** Plain env AND resolved secret values; adapters must never log this. */
  env: Record<string, string>;
  ports: PortSpec[];
  /** Named volume sources here are runtime volume names (already project-scoped). */
  volumes: VolumeMount[];
  cpus?: number;
  memoryBytes?: number;
  readOnlyRootFilesystem: boolean;
  shmSizeBytes?: number;
  stopGracePeriodMs: number;
  stopSignal?: string;
  /** Network to join, and the alias (service name) to be reachable under. */
  network?: { name: string; aliases: string[] };
  /** Further networks (runtime names) to connect before start, with aliases and static IPv4. */
  extraNetworks?: { name: string; aliases: string[]; ipv4Address?: string }[];
  /** Static IPv4 on `network`. */
  ipv4Address?: string;
  /** The service's optional engine-level fields (see ServiceSpec), passed through unchanged. */
  options?: Pick<ServiceSpec, "networkMode" | (typeof ENGINE_OPTION_FIELDS)[number]> & {
    reservations?: { cpus?: number; memoryBytes?: number };
    pidsLimit?: number;
  };
  /**
   * Secret/config files with their resolved content, put into the container after create and
   * before start (never written to the host's disk). Adapters must never log this.
   */
  files?: { target: string; content: string; uid?: string; gid?: string; mode?: number }[];
}

export type BuildProgress = (message: string) => void;

export interface ImageInfo {
  ref: string;
  id: string;
  /** Repo digests, "name@sha256:…". */
  digests: string[];
  /** The one of `digests` for the reference's repository ("sha256:…"), when it has one. */
  digest?: string;
  pulled: boolean;
}

export interface ExecResult {
  exitCode: number;
  output: string;
  timedOut: boolean;
}

export interface RuntimeEvent {
  /** "die", "start", "stop", "destroy", "oom", "kill", "create", ... */
  action: string;
  containerId: string;
  labels: Record<string, string>;
  time: string;
}

export interface LogLine {
  stream: "stdout" | "stderr";
  text: string;
}

export type PullProgress = (message: string) => void;

export interface RuntimeAdapter {
  readonly name: string;
  capabilities(): Promise<Capabilities>;
  /** Throws HwError(unavailable, exit 69) with a how-to-start hint when the engine is down. */
  ping(): Promise<void>;
  /** A constant number of runtime calls, independent of the number of containers. */
  observe(project: string): Promise<Observed>;
  /** `pull: "always"` pulls even when the image is present (pullPolicy always, the tag moved). */
  ensureImage(
    ref: string,
    opts: { requireDigest: boolean; onProgress?: PullProgress; pull?: "missing" | "always" },
  ): Promise<ImageInfo>;
  /** What the local image a reference names is (id, digests), without pulling. Optional. */
  imageInfo?(ref: string): Promise<ImageInfo | undefined>;
  create(spec: ContainerCreateSpec): Promise<{ id: string }>;
  start(id: string): Promise<void>;
  stop(id: string, graceMs: number): Promise<void>;
  remove(id: string): Promise<void>;
  /**
   * Rename a container (start-first updates park the old one under a temporary name). Optional:
   * a runtime without it gets stop-first updates, and the plan says so.
   */
  rename?(id: string, name: string): Promise<void>;
  /** Re-read one container (after start: state, exit code, fresh IP). Undefined when gone. */
  inspect(id: string): Promise<ObservedContainer | undefined>;
  exec(id: string, argv: string[], timeoutMs: number): Promise<ExecResult>;
  logs(id: string, opts: { follow: boolean; tail?: number; signal?: AbortSignal }): AsyncIterable<LogLine>;
  events?(project: string, signal: AbortSignal): AsyncIterable<RuntimeEvent>;
  /** With an external `spec`: only prove it exists (HW-RUNTIME-002 when missing); never create. */
  ensureNetwork(name: string, labels: Record<string, string>, spec?: NetworkSpec): Promise<void>;
  removeNetwork(name: string): Promise<void>;
  /** With an external `spec`: only prove it exists (HW-RUNTIME-002 when missing); never create. */
  ensureVolume(name: string, labels: Record<string, string>, spec?: VolumeSpec): Promise<void>;
  removeVolume(name: string): Promise<void>;
  close?(): Promise<void>;
  /** Build an image from a local context and tag it `tag`. Throws naming the failing step. */
  build?(spec: BuildSpec, tag: string, onProgress?: BuildProgress): Promise<{ imageId: string }>;
  /**
   * Runtime-specific limits beyond the capability flags (Apple: memory ≥ 200MiB, no exit codes…),
   * checked before anything changes. Each reason says "not supported on runtime <name>: …".
   */
  unsupportedFields?(service: ServiceSpec, project: string): { field: string; reason: string }[];
}
