/**
 * The service options beyond the core contract that the desired state carries: builds, extra
 * networks, the engine's healthcheck, file secrets/configs, pull and auto-update policies and
 * cluster placement. Split from desired.ts (which re-exports them) to keep each file small.
 */
/** An image built by the engine from a local context before the service's containers are created. */
export interface BuildSpec {
  /** Absolute directory sent as the build context (after `.dockerignore`). */
  context: string;
  /** Relative to `context`; "Dockerfile" by default. */
  dockerfile: string;
  target?: string;
  args: Record<string, string>;
  labels: Record<string, string>;
  /**
   * Context file path → sha256 of its content (after .dockerignore), filled by
   * runtime/build resolveBuild: what lets a plan say "build context changed: server.sh".
   */
  contextFiles?: Record<string, string>;
}

/** One network a service attaches to; `name` is the declared key ("default" = the project default). */
export interface ServiceNetwork {
  name: string;
  aliases: string[];
  ipv4Address?: string;
}

export type NetworkModeSpec =
  | { kind: "host" }
  | { kind: "none" }
  | { kind: "service"; service: string }
  | { kind: "container"; container: string };

/** Engine-level HEALTHCHECK (absent = the image's own applies, as in Docker). */
export interface HealthcheckSpec {
  /** ["CMD", ...] | ["CMD-SHELL", "..."] | ["NONE"] */
  test: string[];
  intervalMs?: number;
  timeoutMs?: number;
  retries?: number;
  startPeriodMs?: number;
  startIntervalMs?: number;
}

/**
 * A secret or config file placed into the container. `content` is for configs (inline, not
 * secret); `env` and `file` are read at apply time and only an owner-keyed HMAC of what they hold
 * reaches the label hash (reconcile/spec-hash.ts). Never printed or stored.
 */
export interface FileMount {
  kind: "secret" | "config";
  name: string;
  source: { file: string } | { content: string } | { env: string };
  /** Absolute path in the container; secrets default /run/secrets/<name>, configs /<name>. */
  target: string;
  uid?: string;
  gid?: string;
  mode?: number;
}

export type PullPolicy = "missing" | "always" | "never" | "build";

export type AutoUpdatePolicy = "digest" | "patch" | "minor" | "major";

/**
 * `autoUpdate:` of a service: the daemon follows the declared tag (digest) or the highest
 * version tag in range of it (patch/minor/major). Not in the spec hash: it changes when images are
 * looked for, not what a container is created from.
 */
export interface AutoUpdateSpec {
  policy: AutoUpdatePolicy;
  intervalMs: number;
  /** A cron expression (UTC): check at these times instead of every `intervalMs`. */
  schedule?: string;
}

/**
 * Where a service may run in a cluster. Only `--runtime swarm` honours it; the single-machine
 * runtimes (docker, apple) refuse a service that has it, so it is never silently ignored.
 * Node names are the nodes' hostnames in the swarm (what `docker node ls` shows), which is also
 * the folder name under an inventory's `hosts/`.
 */
export interface PlacementSpec {
  /**
   * Nodes the service is pinned to (swarm: `node.hostname==X`; the swarm runtime refuses more than one, as Swarm ANDs constraints).
   * Sorted, no duplicates. Empty = any node the constraints allow.
   */
  nodes: string[];
  /** Extra Swarm constraint expressions as written (e.g. "node.labels.disk==ssd"), sorted. */
  constraints: string[];
  /**
   * Fallback nodes in preference order (NOT sorted: the order is the preference), disjoint from
   * `nodes`. Empty = an offline node only gives a "failover review" recommendation.
   */
  failover: string[];
  /** How long every node in `nodes` must have been offline before moving to `failover`; 0 when `failover` is empty. */
  afterMs: number;
}
