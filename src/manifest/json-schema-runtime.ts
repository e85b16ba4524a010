/**
 * JSON Schema pieces for the Compose-grade native keys (check-runtime-fields.ts,
 * check-networks.ts, check-volume-options.ts); json-schema.ts spreads them in.
 */
type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` });
const object = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: "object",
  properties,
  ...(required.length > 0 ? { required } : {}),
  additionalProperties: false,
});
const strings: Schema = { type: "array", items: { type: "string" } };
const valueMap: Schema = { type: "object", additionalProperties: { type: ["string", "number", "boolean"] } };
const argv: Schema = {
  oneOf: [{ type: "array", items: { type: "string" }, minItems: 1 }, { type: "string" }],
};
const fileSource = (withContent: boolean): Schema => ({
  type: "object",
  additionalProperties: object({
    file: { type: "string", description: "relative to the manifest" },
    env: { type: "string", description: "a variable of hostwright's environment" },
    ...(withContent ? { content: { type: "string" } } : {}),
    target: { type: "string" },
    uid: { type: ["string", "integer"] },
    gid: { type: ["string", "integer"] },
    mode: { type: ["string", "integer"], examples: ["0440"] },
  }),
});

export const RUNTIME_SERVICE_PROPERTIES: Record<string, Schema> = {
  build: {
    oneOf: [
      { type: "string", description: "the context directory, relative to the manifest" },
      object({
        context: { type: "string", default: "." },
        dockerfile: { type: "string", default: "Dockerfile" },
        target: { type: "string" },
        args: valueMap,
        labels: ref("labels"),
      }),
    ],
  },
  pullPolicy: { enum: ["missing", "always", "never", "build"], default: "missing" },
  networks: {
    oneOf: [
      strings,
      {
        type: "object",
        additionalProperties: {
          oneOf: [{ type: "null" }, object({ aliases: strings, ipv4Address: { type: "string" } })],
        },
      },
    ],
  },
  networkMode: { type: "string", examples: ["host", "none", "service:db", "container:name"] },
  containerName: { type: "string", description: "replicas: 1 only" },
  devices: {
    type: "array",
    items: {
      oneOf: [
        { type: "string", examples: ["/dev/ttyUSB0:/dev/ttyUSB0:rwm"] },
        object({ host: { type: "string" }, container: { type: "string" }, permissions: { type: "string" } }, [
          "host",
        ]),
      ],
    },
  },
  logging: object({ driver: { type: "string" }, options: valueMap }, ["driver"]),
  healthcheck: {
    oneOf: [
      { const: "none", description: "disable the image's own HEALTHCHECK" },
      object(
        {
          test: argv,
          interval: ref("duration"),
          timeout: ref("duration"),
          retries: { type: "integer", minimum: 1 },
          startPeriod: ref("duration"),
          startInterval: ref("duration"),
        },
        ["test"],
      ),
    ],
  },
  secrets: fileSource(false),
  configs: fileSource(true),
  runtime: { type: "string", examples: ["runc", "runsc"] },
};

export const NETWORK_DEF: Schema = {
  oneOf: [
    { type: "null" },
    object({
      driver: { type: "string", default: "bridge" },
      driverOpts: valueMap,
      external: { type: "boolean", default: false },
      name: { type: "string" },
      labels: ref("labels"),
      internal: { type: "boolean", default: false },
      attachable: { type: "boolean" },
      enableIpv6: { type: "boolean" },
      ipam: object({
        driver: { type: "string" },
        config: {
          type: "array",
          items: object({
            subnet: { type: "string" },
            gateway: { type: "string" },
            ipRange: { type: "string" },
          }),
        },
      }),
    }),
  ],
};

export const VOLUME_ENGINE_PROPERTIES: Record<string, Schema> = {
  driver: { type: "string", default: "local" },
  driverOpts: valueMap,
  external: { type: "boolean", default: false },
  name: { type: "string", description: "the engine's name; default <project>_<key>" },
};

export const MOUNT_OPTION_PROPERTIES: Record<string, Schema> = {
  bind: object({
    createHostPath: { type: "boolean", default: true },
    propagation: { enum: ["rprivate", "private", "rshared", "shared", "rslave", "slave"] },
    selinux: { enum: ["z", "Z"] },
  }),
  volume: object({ nocopy: { type: "boolean", default: false }, subpath: { type: "string" } }),
  tmpfs: object({ size: ref("size"), mode: { type: ["string", "integer"] } }),
};

export const RESOURCE_EXTRA_PROPERTIES: Record<string, Schema> = {
  reservations: object({ cpus: { type: ["number", "string"] }, memory: ref("size") }),
  pidsLimit: { type: "integer", minimum: -1 },
};
