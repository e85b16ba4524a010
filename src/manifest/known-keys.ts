/**
 * Every key the manifest accepts, per map. The checkers use these for unknown-key errors and
 * did-you-mean; a test keeps the JSON Schema in step with them.
 */
import { ENGINE_OPTION_KEYS } from "./check-engine-options.js";
import { RUNTIME_FIELD_KEYS } from "./check-runtime-fields.js";

export const TOP_LEVEL_KEYS = [
  "version",
  "project",
  "imagePolicy",
  "volumes",
  "networks",
  "services",
  "reconcile",
] as const;

export const SERVICE_KEYS = [
  "image",
  "replicas",
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
  "dependsOn",
  "probes",
  "health",
  "restart",
  "update",
  "stopGracePeriod",
  "resources",
  "readOnlyRootFilesystem",
  "shmSize",
  "allowUnsafeBind",
  "placement",
  "autoUpdate",
  // Engine-level options: one list, the one their checker reads.
  ...ENGINE_OPTION_KEYS,
  // build, pullPolicy, networks, networkMode, containerName, devices, logging, healthcheck, secrets, configs, runtime.
  ...RUNTIME_FIELD_KEYS,
] as const;

export const VOLUME_KEYS = ["labels", "reclaimPolicy", "driver", "driverOpts", "external", "name"] as const;
export const PORT_KEYS = ["host", "container", "protocol", "hostIP"] as const;
export const MOUNT_KEYS = ["type", "source", "target", "readOnly", "bind", "volume", "tmpfs"] as const;
export const BIND_OPTION_KEYS = ["createHostPath", "propagation", "selinux"] as const;
export const VOLUME_OPTION_KEYS = ["nocopy", "subpath"] as const;
export const TMPFS_OPTION_KEYS = ["size", "mode"] as const;
export const PROBE_SET_KEYS = ["startup", "readiness", "liveness"] as const;
export const PROBE_KEYS = [
  "exec",
  "http",
  "tcp",
  "interval",
  "timeout",
  "failureThreshold",
  "successThreshold",
  "initialDelay",
] as const;
export const HTTP_ACTION_KEYS = ["port", "path", "scheme", "headers"] as const;
export const TCP_ACTION_KEYS = ["port"] as const;
export const HEALTH_KEYS = ["exec", "test", "interval", "timeout", "retries", "startPeriod"] as const;
export const RESTART_KEYS = ["policy", "maxRetries", "backoff"] as const;
export const BACKOFF_KEYS = ["initial", "max"] as const;
export const UPDATE_KEYS = [
  "strategy",
  "maxSurge",
  "maxUnavailable",
  "progressDeadline",
  "failureAction",
] as const;
export const RESOURCE_KEYS = ["cpus", "memory", "reservations", "pidsLimit"] as const;
export const RESERVATION_KEYS = ["cpus", "memory"] as const;
export const PLACEMENT_KEYS = ["nodes", "constraints", "failover", "after"] as const;
export const RECONCILE_KEYS = ["mode", "resync", "guardrails", "notify"] as const;
export const GUARDRAIL_KEYS = ["rateLimit", "maintenanceWindows"] as const;
export const RATE_LIMIT_KEYS = ["actions", "per"] as const;
export const WINDOW_KEYS = ["cron", "duration", "timezone"] as const;
