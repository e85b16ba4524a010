/**
 * The normalised desired state: what the manifest module produces and everything downstream
 * consumes. Pure data (JSON-serialisable); durations are milliseconds, sizes are bytes.
 */

import type {
  AutoUpdateSpec,
  BuildSpec,
  FileMount,
  HealthcheckSpec,
  NetworkModeSpec,
  PlacementSpec,
  PullPolicy,
  ServiceNetwork,
} from "./desired-service-options.js";

export * from "./desired-service-options.js";

export type DependencyCondition = "started" | "ready" | "completed";
export type RestartPolicyName = "no" | "on-failure" | "unless-stopped" | "always";
export type Protocol = "tcp" | "udp";

export interface PortSpec {
  /** Host address to bind; "127.0.0.1" unless the manifest says otherwise. */
  hostIP: string;
  /** Fixed host port, or null for an ephemeral one chosen by the runtime. */
  host: number | null;
  container: number;
  protocol: Protocol;
}

export interface VolumeMount {
  type: "volume" | "bind" | "tmpfs";
  /** volume: declared volume name (not the runtime name); bind: absolute host path; tmpfs: "". */
  source: string;
  target: string;
  readOnly: boolean;
  /** tmpfs only: size limit and octal mode of the mount. */
  tmpfs?: { sizeBytes?: number; mode?: number };
  /** bind only: create a missing host path (Compose's default), propagation, SELinux relabel. */
  bind?: { createHostPath: boolean; propagation?: string; selinux?: "z" | "Z" };
  /** volume only. A volume mount with source "" is anonymous (the runtime creates it). */
  volume?: { nocopy: boolean; subpath?: string };
}

export type ProbeAction =
  | { kind: "exec"; command: string[] }
  | { kind: "http"; port: number; path: string; scheme: "http" | "https"; headers: Record<string, string> }
  | { kind: "tcp"; port: number };

export interface ProbeSpec {
  action: ProbeAction;
  intervalMs: number;
  timeoutMs: number;
  failureThreshold: number;
  successThreshold: number;
  initialDelayMs: number;
}

export interface ProbeSet {
  startup?: ProbeSpec;
  readiness?: ProbeSpec;
  liveness?: ProbeSpec;
}

export interface SecretRef {
  /** The reference exactly as written, e.g. "env://DB_PASSWORD" (it names, never contains, the secret). */
  ref: string;
  scheme: "env" | "file" | "keychain";
  /** env: variable name; file: absolute path; keychain: "service/account". */
  target: string;
}

export interface RestartSpec {
  policy: RestartPolicyName;
  /** Only with on-failure; undefined = unlimited. */
  maxRetries?: number;
  backoff: { initialMs: number; maxMs: number };
}

export interface UpdateSpec {
  strategy: "rolling" | "recreate";
  maxSurge: number;
  maxUnavailable: number;
  progressDeadlineMs: number;
  failureAction: "rollback" | "pause";
}

export interface ResourceSpec {
  cpus?: number;
  memoryBytes?: number;
  /** Soft guarantees (Docker: MemoryReservation, CpuShares from cpus*1024). */
  reservations?: { cpus?: number; memoryBytes?: number };
  pidsLimit?: number;
}

export interface ServiceSpec {
  name: string;
  image: string;
  replicas: number;
  command?: string[];
  entrypoint?: string[];
  workdir?: string;
  user?: string;
  group?: string;
  init: boolean;
  env: Record<string, string>;
  secretEnv: Record<string, SecretRef>;
  labels: Record<string, string>;
  ports: PortSpec[];
  volumes: VolumeMount[];
  dependsOn: Record<string, DependencyCondition>;
  probes: ProbeSet;
  restart: RestartSpec;
  update: UpdateSpec;
  stopGracePeriodMs: number;
  resources: ResourceSpec;
  readOnlyRootFilesystem: boolean;
  shmSizeBytes?: number;
  // All below optional: absent = the behaviour before they existed, and an absent field is
  // omitted from the canonical JSON so existing spec hashes do not change.
  build?: BuildSpec;
  pullPolicy?: PullPolicy;
  /** Absent = [{ name: "default", aliases: [] }]. */
  networks?: ServiceNetwork[];
  networkMode?: NetworkModeSpec;
  hostname?: string;
  domainname?: string;
  extraHosts?: { host: string; ip: string }[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  /** Upper-case, without the CAP_ prefix, sorted. */
  capAdd?: string[];
  capDrop?: string[];
  privileged?: boolean;
  devices?: { host: string; container: string; permissions: string }[];
  sysctls?: Record<string, string>;
  ulimits?: Record<string, { soft: number; hard: number }>;
  securityOpt?: string[];
  pid?: string;
  ipc?: string;
  tty?: boolean;
  stdinOpen?: boolean;
  /** e.g. "linux/amd64": used on pull and create. */
  platform?: string;
  logging?: { driver: string; options: Record<string, string> };
  stopSignal?: string;
  healthcheck?: HealthcheckSpec;
  files?: FileMount[];
  /** Only with replicas 1: used instead of <project>-<service>-1. */
  containerName?: string;
  dependsOnOptions?: Record<string, { required: boolean; restart: boolean }>;
  /** Container ports exposed to linked networks but published to nothing (Docker ExposedPorts). */
  expose?: number[];
  /** OCI runtime (Docker HostConfig.Runtime); refused when the engine does not offer it. */
  runtime?: string;
  /** Cluster placement (manifest `placement:` or an inventory's hosts/<node>/); swarm only. */
  placement?: PlacementSpec;
  /** Image auto-update (the daemon's); absent = never. Not in the spec hash. */
  autoUpdate?: AutoUpdateSpec;
  /**
   * sha256 (hex) of the canonical runtime-relevant spec, schema-versioned. Excludes replicas,
   * dependsOn, probes, restart, update and secret *values* (those are mixed in at apply time
   * by reconcile/, see instanceSpecHash).
   */
  specHash: string;
}

export interface VolumeSpec {
  name: string;
  labels: Record<string, string>;
  reclaimPolicy: "retain" | "delete";
  /** The engine's name; absent = "<project>_<name>". */
  runtimeName?: string;
  /** Used, never created, changed or removed; must exist before apply. */
  external?: boolean;
  driver?: string;
  driverOpts?: Record<string, string>;
}

export interface NetworkSpec {
  /** The declared key. */
  name: string;
  /** The engine's name, e.g. "<project>_default" or an explicit `name:`. */
  runtimeName: string;
  /** Used, never created, changed or removed; must exist before apply. */
  external: boolean;
  driver?: string;
  driverOpts?: Record<string, string>;
  internal: boolean;
  attachable?: boolean;
  enableIpv6?: boolean;
  labels: Record<string, string>;
  ipam?: { driver?: string; config: { subnet?: string; gateway?: string; ipRange?: string }[] };
}

export interface MaintenanceWindow {
  cron: string;
  durationMs: number;
  timezone: string;
}

export interface ReconcilePolicy {
  mode: "heal" | "recommend";
  resyncMs: number;
  guardrails: {
    rateLimit: { actions: number; perMs: number };
    maintenanceWindows: MaintenanceWindow[];
  };
  /** Webhook receivers for service state transitions (src/notify); absent = none. Not in any spec hash. */
  notify?: NotifyTarget[];
}

export type NotifyTransition =
  | "unstable"
  | "degraded"
  | "recovered"
  | "rollback"
  | "update"
  | "blocked"
  | "failover"
  | "failback";
export type NotifySeverity = "info" | "warning" | "critical";
export type NotifyFormat = "json" | "slack" | "discord" | "ntfy";

/** One `reconcile.notify` entry. */
export interface NotifyTarget {
  /**
   * A literal http(s) URL, or a reference the daemon resolves when it delivers (never stored
   * resolved). Either way only scheme://host[:port] is ever shown (the path may carry a token).
   */
  url: { literal: string } | { secret: SecretRef };
  format: NotifyFormat;
  /** Sorted, no duplicates. */
  on: NotifyTransition[];
  minSeverity: NotifySeverity;
  /** The same transition of the same service is sent at most once per window. */
  dedupWindowMs: number;
  /** Per delivery attempt. */
  timeoutMs: number;
}

/** One replica of a service: the unit the runtime runs. Identity is content-based. */
export interface InstanceSpec {
  project: string;
  service: string;
  /** 1-based replica number. */
  index: number;
  /** "project/service/N" */
  id: string;
  /** "project-service-N" */
  name: string;
  spec: ServiceSpec;
  /**
   * Declared network/volume key → engine name, only where it differs from the default
   * `<project>_<key>` (an explicit `name:` or an external one); see runtimeNamesOf.
   */
  runtimeNames?: { networks?: Record<string, string>; volumes?: Record<string, string> };
}

/** The runtimeNames an InstanceSpec carries for these declared networks and volumes (undefined = none). */
export function runtimeNamesOf(
  project: string,
  networks: Readonly<Record<string, NetworkSpec>> | undefined,
  volumes: Readonly<Record<string, VolumeSpec>>,
): InstanceSpec["runtimeNames"] {
  const nets: Record<string, string> = {};
  for (const [key, n] of Object.entries(networks ?? {})) {
    if (n.runtimeName !== `${project}_${key}`) nets[key] = n.runtimeName;
  }
  const vols: Record<string, string> = {};
  for (const [key, v] of Object.entries(volumes)) {
    if (v.runtimeName !== undefined && v.runtimeName !== `${project}_${key}`) vols[key] = v.runtimeName;
  }
  const out: NonNullable<InstanceSpec["runtimeNames"]> = {
    ...(Object.keys(nets).length > 0 ? { networks: nets } : {}),
    ...(Object.keys(vols).length > 0 ? { volumes: vols } : {}),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}

export interface Desired {
  project: string;
  /** 2, or "legacy" for a versionless manifest. */
  version: 2 | "legacy";
  imagePolicy: "allow-tags" | "require-digest";
  volumes: Record<string, VolumeSpec>;
  /** Absent = { default: the project's default network } as before. */
  networks?: Record<string, NetworkSpec>;
  /** Sorted by name. */
  services: ServiceSpec[];
  /** One per replica, sorted by service then index. */
  instances: InstanceSpec[];
  reconcile: ReconcilePolicy;
  /** Absolute path of the manifest file (directory resolves relative binds and `.env`). */
  sourcePath: string;
  /** Canonical JSON of the whole normalised desired state (no secret values, ever). */
  canonical: string;
  /** sha256 of `canonical`. */
  hash: string;
}

export function instanceId(project: string, service: string, index: number): string {
  return `${project}/${service}/${index}`;
}

export function containerName(project: string, service: string, index: number): string {
  return `${project}-${service}-${index}`;
}

/**
 * The optional ServiceSpec fields a runtime takes as they are, as container create options (the
 * Docker adapter maps each onto the Engine API). One list: the spec hash covers them and
 * reconcile/ passes them through.
 */
export const ENGINE_OPTION_FIELDS = [
  "hostname",
  "domainname",
  "extraHosts",
  "dns",
  "dnsSearch",
  "dnsOptions",
  "capAdd",
  "capDrop",
  "privileged",
  "devices",
  "sysctls",
  "ulimits",
  "securityOpt",
  "pid",
  "ipc",
  "tty",
  "stdinOpen",
  "platform",
  "logging",
  "healthcheck",
  "expose",
  "runtime",
] as const satisfies readonly (keyof ServiceSpec)[];

/**
 * The ServiceSpec fields that feed the spec hash: a change to any of them recreates the container
 * (manifest/ hashes them; reconcile/ names the ones that changed in a plan's cause). Replicas,
 * dependsOn, probes, restart and update are deliberately absent.
 */
export const SPEC_HASH_FIELDS = [
  "image",
  "command",
  "entrypoint",
  "workdir",
  "user",
  "group",
  "init",
  "env",
  "secretEnv",
  "labels",
  "ports",
  "volumes",
  "resources",
  "readOnlyRootFilesystem",
  "shmSizeBytes",
  "stopGracePeriodMs",
  // Optional fields: absent ones drop out of the canonical JSON, so old hashes stay the same.
  "build",
  "networks",
  "networkMode",
  ...ENGINE_OPTION_FIELDS,
  "stopSignal",
  "files",
  "containerName",
  // Swarm: a placement change moves tasks, so it is a spec change (other runtimes refuse it).
  "placement",
] as const satisfies readonly (keyof ServiceSpec)[];
