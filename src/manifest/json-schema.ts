/**
 * JSON Schema (draft 2020-12) of hostwright.yaml for editors (yaml-language-server). It mirrors
 * the checkers' key sets (a test keeps them in step); rules that span fields (port clashes,
 * dependency cycles, bind safety) are only in the checkers.
 */
import { NOTIFY_FORMATS, NOTIFY_SEVERITIES, NOTIFY_TRANSITIONS } from "./check-notify.js";
import {
  MOUNT_OPTION_PROPERTIES,
  NETWORK_DEF,
  RESOURCE_EXTRA_PROPERTIES,
  RUNTIME_SERVICE_PROPERTIES,
  VOLUME_ENGINE_PROPERTIES,
} from "./json-schema-runtime.js";

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` });
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: "object",
  properties,
  ...(required.length > 0 ? { required } : {}),
  additionalProperties: false,
});
const stringMap = (keyPattern?: string): Schema => ({
  type: "object",
  ...(keyPattern ? { propertyNames: { pattern: keyPattern } } : {}),
  additionalProperties: { type: ["string", "number", "boolean"] },
});
const argv: Schema = {
  oneOf: [
    { type: "array", items: { type: ["string", "number"] }, minItems: 1 },
    { type: "string", description: "split like a shell would (with a warning)" },
  ],
};
const port: Schema = { type: "integer", minimum: 1, maximum: 65535 };

const probeTiming = {
  interval: { ...ref("duration"), default: "10s" },
  timeout: { ...ref("duration"), default: "5s" },
  failureThreshold: { type: "integer", minimum: 1, default: 3, description: "startup probes default to 30" },
  successThreshold: {
    type: "integer",
    minimum: 1,
    default: 1,
    description: "must be 1 for liveness and startup",
  },
  initialDelay: { ...ref("duration"), default: "0s" },
};

const defs: Record<string, Schema> = {
  duration: { type: "string", pattern: "^(\\d+(\\.\\d+)?(ms|s|m|h))+$", examples: ["500ms", "10s", "1m30s"] },
  size: {
    oneOf: [
      { type: "integer", minimum: 0 },
      { type: "string", pattern: "^\\d+(\\.\\d+)?\\s*([bBkKmMgGtT]|[kKmMgGtT][iI]?[bB])?$" },
    ],
    examples: ["512MiB", "1g"],
  },
  dnsLabel: { type: "string", pattern: "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$" },
  labels: {
    type: "object",
    propertyNames: { not: { pattern: "^dev\\.hostwright\\." } },
    additionalProperties: { type: ["string", "number", "boolean"] },
  },
  port: {
    oneOf: [
      port,
      {
        type: "string",
        pattern: "^(?:(?:\\[[0-9a-fA-F:.]+\\]|[0-9.]+):)?(?:\\d{1,5}:|:)?\\d{1,5}(?:/(tcp|udp))?$",
      },
      object(
        {
          container: port,
          host: { oneOf: [port, { type: "null" }], description: "absent or null: ephemeral" },
          protocol: { enum: ["tcp", "udp"], default: "tcp" },
          hostIP: { type: "string", default: "127.0.0.1" },
        },
        ["container"],
      ),
    ],
  },
  mount: {
    oneOf: [
      { type: "string", pattern: "^[^:]+:/[^:]*(:(ro|rw))?$" },
      object(
        {
          type: { enum: ["volume", "bind", "tmpfs"] },
          source: { type: "string" },
          target: { type: "string", pattern: "^/" },
          readOnly: { type: "boolean", default: false },
          ...MOUNT_OPTION_PROPERTIES,
        },
        ["type", "target"],
      ),
    ],
  },
  probe: object({
    exec: argv,
    http: object({
      port,
      path: { type: "string", pattern: "^/", default: "/" },
      scheme: { enum: ["http", "https"], default: "http" },
      headers: stringMap(),
    }),
    tcp: object({ port }),
    ...probeTiming,
  }),
  service: object(
    {
      image: { type: "string", minLength: 1 },
      replicas: { type: "integer", minimum: 0, maximum: 256, default: 1 },
      command: argv,
      entrypoint: argv,
      workdir: { type: "string", pattern: "^/" },
      user: { type: ["string", "integer"] },
      group: { type: ["string", "integer"] },
      init: { type: "boolean", default: false },
      env: stringMap("^[A-Za-z_][A-Za-z0-9_]*$"),
      secretEnv: {
        type: "object",
        propertyNames: { pattern: "^[A-Za-z_][A-Za-z0-9_]*$" },
        additionalProperties: {
          type: "string",
          pattern:
            "^((env|env-file)://[A-Za-z_][A-Za-z0-9_]*|(file|local-file):///.+|keychain://[^/\\s]+/[^/\\s]+)$",
        },
      },
      labels: ref("labels"),
      ports: { type: "array", items: ref("port") },
      volumes: { type: "array", items: ref("mount") },
      dependsOn: {
        oneOf: [
          { type: "array", items: { type: "string" } },
          { type: "object", additionalProperties: { enum: ["started", "ready", "completed"] } },
        ],
      },
      probes: object({ startup: ref("probe"), readiness: ref("probe"), liveness: ref("probe") }),
      health: object({
        exec: argv,
        test: argv,
        interval: ref("duration"),
        timeout: ref("duration"),
        retries: { type: "integer", minimum: 1 },
        startPeriod: ref("duration"),
      }),
      restart: object({
        policy: { enum: ["no", "on-failure", "unless-stopped", "always"], default: "unless-stopped" },
        maxRetries: { type: "integer", minimum: 0, description: "only with on-failure" },
        backoff: object({
          initial: { ...ref("duration"), default: "1s" },
          max: { ...ref("duration"), default: "60s" },
        }),
      }),
      update: object({
        strategy: { enum: ["rolling", "recreate"], default: "rolling" },
        maxSurge: { type: "integer", minimum: 0, default: 1 },
        maxUnavailable: { type: "integer", minimum: 0, default: 0 },
        progressDeadline: { ...ref("duration"), default: "300s" },
        failureAction: { enum: ["rollback", "pause"], default: "rollback" },
      }),
      stopGracePeriod: { ...ref("duration"), default: "10s" },
      resources: object({
        cpus: { type: ["number", "string"], exclusiveMinimum: 0 },
        memory: { ...ref("size"), description: "at least 6MiB" },
        ...RESOURCE_EXTRA_PROPERTIES,
      }),
      readOnlyRootFilesystem: { type: "boolean", default: false },
      shmSize: ref("size"),
      allowUnsafeBind: { type: "boolean", default: false },
      autoUpdate: object(
        {
          policy: { enum: ["digest", "patch", "minor", "major"], description: "digest follows the tag" },
          interval: { ...ref("duration"), default: "5m" },
          schedule: { type: "string", description: "cron expression (UTC), instead of the interval" },
        },
        ["policy"],
      ),
      placement: object({
        nodes: { type: "array", items: { type: "string" }, description: "node hostnames (swarm only)" },
        constraints: { type: "array", items: { type: "string" }, examples: [["node.labels.disk==ssd"]] },
        failover: { type: "array", items: { type: "string" }, description: "fallback nodes, in order" },
        after: { ...ref("duration"), default: "5m" },
      }),
      hostname: { type: "string" },
      domainname: { type: "string" },
      capAdd: {
        type: "array",
        items: { type: "string" },
        description: "e.g. NET_ADMIN (CAP_ prefix optional)",
      },
      capDrop: { type: "array", items: { type: "string" } },
      privileged: { type: "boolean", default: false },
      sysctls: stringMap(),
      ulimits: {
        type: "object",
        additionalProperties: {
          oneOf: [
            { type: "integer" },
            object({ soft: { type: "integer" }, hard: { type: "integer" } }, ["soft", "hard"]),
          ],
        },
      },
      extraHosts: { type: "object", additionalProperties: { type: "string" }, description: "host name → IP" },
      dns: { type: "array", items: { type: "string" } },
      dnsSearch: { type: "array", items: { type: "string" } },
      dnsOptions: { type: "array", items: { type: "string" } },
      securityOpt: { type: "array", items: { type: "string" } },
      pid: { type: "string", examples: ["host"] },
      ipc: { type: "string", examples: ["private", "shareable", "host"] },
      tty: { type: "boolean", default: false },
      stdinOpen: { type: "boolean", default: false },
      platform: { type: "string", examples: ["linux/amd64"] },
      stopSignal: { type: "string", examples: ["SIGQUIT"] },
      expose: { type: "array", items: port },
      ...RUNTIME_SERVICE_PROPERTIES,
    },
    [],
  ),
  volume: {
    oneOf: [
      { type: "null" },
      object({
        labels: ref("labels"),
        reclaimPolicy: { enum: ["retain", "delete"], default: "retain" },
        ...VOLUME_ENGINE_PROPERTIES,
      }),
    ],
  },
  network: NETWORK_DEF,
  reconcile: object({
    mode: { enum: ["heal", "recommend"], default: "heal" },
    resync: { ...ref("duration"), default: "30s" },
    guardrails: object({
      rateLimit: object({
        actions: { type: "integer", minimum: 1, default: 5 },
        per: { ...ref("duration"), default: "10m" },
      }),
      maintenanceWindows: {
        type: "array",
        items: object(
          {
            cron: { type: "string" },
            duration: ref("duration"),
            timezone: { type: "string", default: "UTC" },
          },
          ["cron", "duration"],
        ),
      },
    }),
    notify: {
      type: "array",
      items: object(
        {
          url: {
            oneOf: [
              { type: "string", pattern: "^https?://" },
              object({ secret: { type: "string", pattern: "^(env|env-file|file|local-file)://" } }, [
                "secret",
              ]),
            ],
          },
          format: { enum: [...NOTIFY_FORMATS], default: "json" },
          on: { type: "array", items: { enum: [...NOTIFY_TRANSITIONS] } },
          minSeverity: { enum: [...NOTIFY_SEVERITIES], default: "info" },
          dedupWindow: { ...ref("duration"), default: "5m" },
          timeout: { ...ref("duration"), default: "5s" },
        },
        ["url"],
      ),
    },
  }),
};

// A service names an image or builds one (never both).
defs.service = { ...defs.service, oneOf: [{ required: ["image"] }, { required: ["build"] }] };

export function manifestJsonSchema(): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://hostwright.dev/schema/manifest-v2.json",
    title: "hostwright.yaml",
    type: "object",
    properties: {
      version: { enum: [2, "2"], description: "absent: a legacy manifest (accepted with a warning)" },
      project: { type: "string", pattern: "^[a-z0-9][a-z0-9_-]{0,62}$" },
      imagePolicy: { enum: ["allow-tags", "require-digest"], default: "allow-tags" },
      volumes: { type: "object", additionalProperties: ref("volume") },
      networks: { type: "object", additionalProperties: ref("network") },
      services: {
        type: "object",
        minProperties: 1,
        propertyNames: ref("dnsLabel"),
        additionalProperties: ref("service"),
      },
      reconcile: ref("reconcile"),
    },
    patternProperties: { "^x-": {} },
    required: ["project", "services"],
    additionalProperties: false,
    $defs: structuredClone(defs),
  };
}
