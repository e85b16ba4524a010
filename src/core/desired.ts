/**
 * The normalised desired state: what the manifest module produces and everything downstream
 * consumes. Pure data (JSON-serialisable); durations are milliseconds, sizes are bytes.
 */

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
}

export interface Desired {
  project: string;
  /** 2, or "legacy" for a versionless manifest. */
  version: 2 | "legacy";
  imagePolicy: "allow-tags" | "require-digest";
  volumes: Record<string, VolumeSpec>;
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
] as const satisfies readonly (keyof ServiceSpec)[];
