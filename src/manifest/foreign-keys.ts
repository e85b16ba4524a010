/**
 * Keys people bring from Docker Compose, Kubernetes or the Swift Hostwright, with what to write
 * instead. A key found here gets this explanation rather than a bare "unknown key".
 */
export interface ForeignKey {
  kind: "foreign" | "notSupportedYet" | "volumeFieldUnsupported";
  message: string;
  hint?: string;
}

const compose = (key: string, hint: string): ForeignKey => ({
  kind: "foreign",
  message: `\`${key}\` is Docker Compose syntax`,
  hint,
});
const kubernetes = (key: string, hint: string): ForeignKey => ({
  kind: "foreign",
  message: `\`${key}\` is Kubernetes syntax`,
  hint,
});
const unsupported = (key: string, hint: string): ForeignKey => ({
  kind: "foreign",
  message: `\`${key}\` is not supported`,
  hint,
});
const notYet = (key: string, hint?: string): ForeignKey => ({
  kind: "notSupportedYet",
  message: `\`${key}\` is not supported by this version of hostwright`,
  ...(hint === undefined ? {} : { hint }),
});

const NOT_KUBERNETES =
  "this is not a Kubernetes manifest; hostwright.yaml has `version`, `project` and `services`";

export const TOP_LEVEL_FOREIGN: Record<string, ForeignKey> = {
  apiVersion: kubernetes("apiVersion", NOT_KUBERNETES),
  kind: kubernetes("kind", NOT_KUBERNETES),
  metadata: kubernetes("metadata", NOT_KUBERNETES),
  spec: kubernetes("spec", NOT_KUBERNETES),
  name: compose("name", "write `project: <name>`"),
  network: compose("network", "write `networks:`"),
  secrets: compose("secrets", "declare secrets per service: `secrets: {db_password: {file: ./db.txt}}`"),
  configs: compose("configs", "declare configs per service: `configs: {app.conf: {file: ./app.conf}}`"),
  include: unsupported("include", "one manifest describes one project"),
  hooks: notYet("hooks"),
};

const SWIFT_NOT_YET = [
  "hooks",
  "rosetta",
  "virtualization",
  "imageTrust",
  "imageSBOM",
  "imageVulnerability",
  "imageProvenance",
];

export const SERVICE_FOREIGN: Record<string, ForeignKey> = {
  ...Object.fromEntries(SWIFT_NOT_YET.map((k) => [k, notYet(k)])),
  network: compose("network", "write `networks: [front]`"),
  depends_on: compose("depends_on", "write `dependsOn: {db: ready}` (started | ready | completed)"),
  deploy: compose("deploy", "use `replicas`, `resources` and `update` on the service"),
  container_name: compose("container_name", "write `containerName` (one replica only)"),
  environment: compose("environment", "write `env:` as a map"),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the user writes ${VAR} literally
  env_file: compose("env_file", "put variables in .env beside the manifest and use ${VAR} in `env`"),
  mem_limit: compose("mem_limit", "write `resources: {memory: 512MiB}`"),
  mem_reservation: compose("mem_reservation", "write `resources: {reservations: {memory: 512MiB}}`"),
  memswap_limit: unsupported("memswap_limit", "only `resources.memory` is supported"),
  cpus: compose("cpus", "write `resources: {cpus: 0.5}`"),
  cpu_shares: compose("cpu_shares", "write `resources: {cpus: 0.5}`"),
  cpuset: unsupported("cpuset", "only `resources.cpus` is supported"),
  working_dir: compose("working_dir", "write `workdir`"),
  read_only: compose("read_only", "write `readOnlyRootFilesystem: true`"),
  shm_size: compose("shm_size", "write `shmSize`"),
  stop_grace_period: compose("stop_grace_period", "write `stopGracePeriod`"),
  scale: compose("scale", "write `replicas`"),
  tmpfs: compose("tmpfs", "write a volume `{type: tmpfs, target: /path}`"),
  pids_limit: compose("pids_limit", "write `resources: {pidsLimit: 100}`"),
  env_secrets: compose("env_secrets", "write `secretEnv: {KEY: env://NAME}`"),
  volumes_from: unsupported("volumes_from", "declare a named volume and mount it in both services"),
  links: unsupported("links", "services reach each other by service name"),
  external_links: unsupported("external_links", "services reach each other by service name"),
  network_mode: compose("network_mode", "write `networkMode: host` (host, none, service:<name>)"),
  cap_add: compose("cap_add", "write `capAdd: [NET_ADMIN]`"),
  cap_drop: compose("cap_drop", "write `capDrop: [MKNOD]`"),
  security_opt: compose("security_opt", "write `securityOpt: [no-new-privileges:true]`"),
  extra_hosts: compose("extra_hosts", "write `extraHosts: {db.local: 10.0.0.5}`"),
  dns_search: compose("dns_search", "write `dnsSearch: [example.internal]`"),
  dns_opt: compose("dns_opt", "write `dnsOptions: [ndots:2]`"),
  log_driver: compose("log_driver", "write `logging: {driver: json-file, options: {...}}`"),
  profiles: unsupported("profiles", "use `replicas: 0` to declare a service without running it"),
  stop_signal: compose("stop_signal", "write `stopSignal: SIGQUIT`"),
  pull_policy: compose("pull_policy", "write `pullPolicy: always` (missing, always, never, build)"),
  stdin_open: compose("stdin_open", "write `stdinOpen: true`"),
  containers: kubernetes("containers", NOT_KUBERNETES),
  livenessProbe: kubernetes("livenessProbe", "write `probes: {liveness: ...}`"),
  readinessProbe: kubernetes("readinessProbe", "write `probes: {readiness: ...}`"),
  startupProbe: kubernetes("startupProbe", "write `probes: {startup: ...}`"),
  imagePullPolicy: kubernetes("imagePullPolicy", "set `imagePolicy` at the top level"),
  workingDir: kubernetes("workingDir", "write `workdir`"),
  args: kubernetes("args", "write `command` (and `entrypoint`)"),
  restartPolicy: kubernetes("restartPolicy", "write `restart: {policy: always}`"),
};

export const VOLUME_FOREIGN: Record<string, ForeignKey> = Object.fromEntries(
  ["provider", "capacity", "accessMode"].map((k) => [
    k,
    {
      kind: "volumeFieldUnsupported",
      message: `volume field \`${k}\` is not supported by any runtime hostwright drives yet`,
      hint: "remove it; volumes are local to this machine",
    },
  ]),
);

export const PORT_FOREIGN: Record<string, ForeignKey> = {
  target: compose("target", "write `container`"),
  published: compose("published", "write `host`"),
  host_ip: compose("host_ip", "write `hostIP`"),
  mode: unsupported("mode", "ports are always published on this host"),
  containerPort: kubernetes("containerPort", "write `container`"),
  hostPort: kubernetes("hostPort", "write `host`"),
};

export const MOUNT_FOREIGN: Record<string, ForeignKey> = {
  read_only: compose("read_only", "write `readOnly`"),
  mountPath: kubernetes("mountPath", "write `target`"),
};

export const PROBE_FOREIGN: Record<string, ForeignKey> = {
  periodSeconds: kubernetes("periodSeconds", "write `interval: 10s`"),
  timeoutSeconds: kubernetes("timeoutSeconds", "write `timeout: 5s`"),
  initialDelaySeconds: kubernetes("initialDelaySeconds", "write `initialDelay: 0s`"),
  httpGet: kubernetes("httpGet", "write `http: {port, path}`"),
  tcpSocket: kubernetes("tcpSocket", "write `tcp: {port}`"),
  grpc: unsupported("grpc", "use `exec`, `http` or `tcp`"),
};

export const HEALTH_FOREIGN: Record<string, ForeignKey> = {
  start_period: compose("start_period", "write `startPeriod`"),
  start_interval: unsupported("start_interval", "write `probes.startup` instead"),
  disable: unsupported("disable", "remove `health` to have no health check"),
};
