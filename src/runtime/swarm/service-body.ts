/**
 * ServiceSpec → the Engine API's Swarm ServiceSpec (POST /services/create, /services/{id}/update).
 * Pure. The body carries our ownership labels and a hash of everything else in it, so "is the
 * service already what we want" is one label comparison, and a no-op apply sends nothing (service
 * versions stay unchanged).
 */
import { canonicalJson, Labels, type ServiceSpec, sha256Hex } from "../../core/index.js";

/** The hash of the body we sent, on the service: unchanged hash = nothing to update. */
export const SWARM_SPEC_HASH_LABEL = "dev.hostwright.swarm-spec-hash";
/** On task containers, so `docker ps` on a node says which Hostwright service a container is. */
export const SWARM_TASK_LABEL = "dev.hostwright.swarm-service";

const NS_PER_MS = 1_000_000;

export interface ServiceBodyInput {
  project: string;
  ownerId: string;
  service: ServiceSpec;
  /** Declared network key → engine name (overlay networks the flow ensured). */
  networkNames: Readonly<Record<string, string>>;
  /** Declared volume key → engine name. */
  volumeNames: Readonly<Record<string, string>>;
  /**
   * Constraints replacing the ones derived from placement.nodes while a failover is in force
   * (the daemon moved the service); undefined = placement as declared.
   */
  failoverNodes?: readonly string[];
  /**
   * ContainerSpec.Secrets / Configs for the service's files: (swarm-file-objects.ts
   * swarmFileReferences). Absent or empty = no key at all, so existing bodies keep their hash.
   */
  fileRefs?: { Secrets: Record<string, unknown>[]; Configs: Record<string, unknown>[] };
}

export function swarmServiceName(project: string, service: string): string {
  return `${project}_${service}`;
}

/**
 * placement → Swarm constraints: the pinned node as node.hostname==X plus the raw constraints.
 * Swarm ANDs constraints, so "any of several nodes" has no form without node labels; that case is
 * refused before this (swarm-unsupported.ts).
 */
export function placementConstraints(s: ServiceSpec, failoverNodes?: readonly string[]): string[] {
  const nodes = failoverNodes ?? s.placement?.nodes ?? [];
  const out = [...(s.placement?.constraints ?? [])];
  if (nodes.length === 1) out.push(`node.hostname==${nodes[0]}`);
  return out;
}

function restartPolicy(s: ServiceSpec): Record<string, unknown> {
  const condition =
    s.restart.policy === "no" ? "none" : s.restart.policy === "on-failure" ? "on-failure" : "any";
  return {
    Condition: condition,
    Delay: s.restart.backoff.initialMs * NS_PER_MS,
    ...(s.restart.policy === "on-failure" && s.restart.maxRetries !== undefined
      ? { MaxAttempts: s.restart.maxRetries }
      : {}),
  };
}

/** rolling with surge = start-first (the new task runs before the old stops); recreate = all at once, stop-first. */
export function updateConfig(s: ServiceSpec): Record<string, unknown> {
  const u = s.update;
  const startFirst = u.strategy === "rolling" && u.maxSurge > 0;
  const parallelism = u.strategy === "recreate" ? 0 : Math.max(1, startFirst ? u.maxSurge : u.maxUnavailable);
  return {
    Parallelism: parallelism,
    Order: startFirst ? "start-first" : "stop-first",
    FailureAction: u.failureAction,
    // Swarm watches each updated task this long for failure; capped so an apply does not idle for the whole deadline.
    Monitor: Math.min(u.progressDeadlineMs, 10_000) * NS_PER_MS,
    MaxFailureRatio: 0,
  };
}

function mounts(input: ServiceBodyInput, ownLabels: Record<string, string>): Record<string, unknown>[] {
  return input.service.volumes.map((v) => {
    const base = { Target: v.target, ReadOnly: v.readOnly };
    if (v.type === "tmpfs")
      return {
        ...base,
        Type: "tmpfs",
        TmpfsOptions: {
          ...(v.tmpfs?.sizeBytes !== undefined ? { SizeBytes: v.tmpfs.sizeBytes } : {}),
          ...(v.tmpfs?.mode !== undefined ? { Mode: v.tmpfs.mode } : {}),
        },
      };
    if (v.type === "bind")
      return {
        ...base,
        Type: "bind",
        Source: v.source,
        ...(v.bind?.propagation ? { BindOptions: { Propagation: v.bind.propagation } } : {}),
      };
    // Named volumes are created by each node's engine on first use, with these labels.
    const source = v.source === "" ? "" : (input.volumeNames[v.source] ?? `${input.project}_${v.source}`);
    return {
      ...base,
      Type: "volume",
      ...(source ? { Source: source } : {}),
      VolumeOptions: { NoCopy: v.volume?.nocopy ?? false, Labels: ownLabels },
    };
  });
}

function containerSpec(input: ServiceBodyInput, ownLabels: Record<string, string>): Record<string, unknown> {
  const s = input.service;
  const env = Object.entries(s.env).map(([k, v]) => `${k}=${v}`);
  const user = s.user !== undefined ? (s.group !== undefined ? `${s.user}:${s.group}` : s.user) : undefined;
  const hc = s.healthcheck;
  return {
    Image: s.image,
    Labels: { ...s.labels, [SWARM_TASK_LABEL]: swarmServiceName(input.project, s.name) },
    // Swarm's Command is the entrypoint and Args the command (as `docker service create --entrypoint`).
    ...(s.entrypoint ? { Command: s.entrypoint } : {}),
    ...(s.command ? { Args: s.command } : {}),
    ...(env.length > 0 ? { Env: env } : {}),
    ...(s.workdir ? { Dir: s.workdir } : {}),
    ...(user ? { User: user } : {}),
    ...(s.hostname ? { Hostname: s.hostname } : {}),
    ...(s.init ? { Init: true } : {}),
    ...(s.readOnlyRootFilesystem ? { ReadOnly: true } : {}),
    ...(s.tty ? { TTY: true } : {}),
    ...(s.stdinOpen ? { OpenStdin: true } : {}),
    ...(s.stopSignal ? { StopSignal: s.stopSignal } : {}),
    StopGracePeriod: s.stopGracePeriodMs * NS_PER_MS,
    ...(input.fileRefs?.Secrets.length ? { Secrets: input.fileRefs.Secrets } : {}),
    ...(input.fileRefs?.Configs.length ? { Configs: input.fileRefs.Configs } : {}),
    ...(s.extraHosts?.length ? { Hosts: s.extraHosts.map((h) => `${h.ip} ${h.host}`) } : {}),
    ...(s.dns?.length || s.dnsSearch?.length || s.dnsOptions?.length
      ? { DNSConfig: { Nameservers: s.dns ?? [], Search: s.dnsSearch ?? [], Options: s.dnsOptions ?? [] } }
      : {}),
    ...(s.capAdd?.length ? { CapabilityAdd: s.capAdd.map((c) => `CAP_${c}`) } : {}),
    ...(s.capDrop?.length ? { CapabilityDrop: s.capDrop.map((c) => `CAP_${c}`) } : {}),
    ...(s.sysctls && Object.keys(s.sysctls).length > 0 ? { Sysctls: s.sysctls } : {}),
    ...(s.ulimits && Object.keys(s.ulimits).length > 0
      ? { Ulimits: Object.entries(s.ulimits).map(([Name, l]) => ({ Name, Soft: l.soft, Hard: l.hard })) }
      : {}),
    ...(hc
      ? {
          Healthcheck: {
            Test: hc.test,
            ...(hc.intervalMs !== undefined ? { Interval: hc.intervalMs * NS_PER_MS } : {}),
            ...(hc.timeoutMs !== undefined ? { Timeout: hc.timeoutMs * NS_PER_MS } : {}),
            ...(hc.retries !== undefined ? { Retries: hc.retries } : {}),
            ...(hc.startPeriodMs !== undefined ? { StartPeriod: hc.startPeriodMs * NS_PER_MS } : {}),
          },
        }
      : {}),
    Mounts: mounts(input, ownLabels),
  };
}

function resources(s: ServiceSpec): Record<string, unknown> {
  const r = s.resources;
  const limits = {
    ...(r.cpus !== undefined ? { NanoCPUs: Math.round(r.cpus * 1e9) } : {}),
    ...(r.memoryBytes !== undefined ? { MemoryBytes: r.memoryBytes } : {}),
    ...(r.pidsLimit !== undefined ? { Pids: r.pidsLimit } : {}),
  };
  const reservations = {
    ...(r.reservations?.cpus !== undefined ? { NanoCPUs: Math.round(r.reservations.cpus * 1e9) } : {}),
    ...(r.reservations?.memoryBytes !== undefined ? { MemoryBytes: r.reservations.memoryBytes } : {}),
  };
  return { Limits: limits, Reservations: reservations };
}

/** The labels that prove a service is ours (the store record is the other half of the proof). */
export function ownershipLabels(project: string, ownerId: string, service: string): Record<string, string> {
  return {
    [Labels.managed]: "true",
    [Labels.project]: project,
    [Labels.service]: service,
    [Labels.owner]: ownerId,
  };
}

/** The whole Swarm ServiceSpec, with SWARM_SPEC_HASH_LABEL set to the hash of the rest. */
export function serviceBody(input: ServiceBodyInput): { body: Record<string, unknown>; hash: string } {
  const s = input.service;
  const own = ownershipLabels(input.project, input.ownerId, s.name);
  const networks = (s.networks ?? [{ name: "default", aliases: [] }]).map((n) => ({
    Target: input.networkNames[n.name] ?? `${input.project}_${n.name}`,
    Aliases: [s.name, ...n.aliases],
  }));
  const ports = s.ports.map((p) => ({
    Protocol: p.protocol,
    TargetPort: p.container,
    ...(p.host !== null ? { PublishedPort: p.host } : {}),
    PublishMode: "ingress",
  }));
  const body: Record<string, unknown> = {
    Name: swarmServiceName(input.project, s.name),
    Labels: { ...s.labels, ...own },
    TaskTemplate: {
      ContainerSpec: containerSpec(input, own),
      Resources: resources(s),
      RestartPolicy: restartPolicy(s),
      Placement: { Constraints: placementConstraints(s, input.failoverNodes) },
      Networks: networks,
      ...(s.logging ? { LogDriver: { Name: s.logging.driver, Options: s.logging.options } } : {}),
    },
    Mode: { Replicated: { Replicas: s.replicas } },
    UpdateConfig: updateConfig(s),
    RollbackConfig: { ...updateConfig(s), FailureAction: "pause" },
    EndpointSpec: { Mode: "vip", Ports: ports },
  };
  const hash = sha256Hex(canonicalJson(body));
  (body.Labels as Record<string, string>)[SWARM_SPEC_HASH_LABEL] = hash;
  return { body, hash };
}
