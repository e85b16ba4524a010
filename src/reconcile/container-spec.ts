/** InstanceSpec → the runtime's create request. Pure; secrets arrive already resolved. */
import {
  type ContainerCreateSpec,
  containerName,
  ENGINE_OPTION_FIELDS,
  type InstanceSpec,
  Labels,
  type NetworkSpec,
} from "../core/index.js";
import { runtimeNetworkName, volumeName } from "./plan-input.js";
import { FILE_VALUE_PREFIX } from "./spec-hash.js";

export function ownershipLabels(
  instance: InstanceSpec,
  specHash: string,
  ownerId: string,
): Record<string, string> {
  return {
    [Labels.managed]: "true",
    [Labels.project]: instance.project,
    [Labels.service]: instance.service,
    [Labels.instance]: String(instance.index),
    [Labels.specHash]: specHash,
    [Labels.owner]: ownerId,
  };
}

export function containerCreateSpec(
  instance: InstanceSpec,
  opts: {
    specHash: string;
    ownerId: string;
    secretValues: Readonly<Record<string, string>>;
    /** Declared networks (Desired.networks), for runtime names; absent = "<project>_<key>". */
    networks?: Readonly<Record<string, NetworkSpec>>;
  },
): ContainerCreateSpec {
  const s = instance.spec;
  const user = s.user !== undefined ? (s.group !== undefined ? `${s.user}:${s.group}` : s.user) : undefined;
  return {
    name: instance.name,
    image: s.image,
    // User labels first so ours always win (the manifest rejects the reserved prefix anyway).
    labels: { ...s.labels, ...ownershipLabels(instance, opts.specHash, opts.ownerId) },
    ...(s.command ? { command: s.command } : {}),
    ...(s.entrypoint ? { entrypoint: s.entrypoint } : {}),
    ...(s.workdir ? { workdir: s.workdir } : {}),
    ...(user ? { user } : {}),
    init: s.init,
    env: { ...s.env, ...envSecrets(opts.secretValues) },
    ...fileMounts(instance, opts.secretValues),
    ports: s.ports,
    volumes: s.volumes.map((m) =>
      // source "" is an anonymous volume: the engine names it.
      m.type === "volume" && m.source !== ""
        ? {
            ...m,
            source: instance.runtimeNames?.volumes?.[m.source] ?? volumeName(instance.project, m.source),
          }
        : m,
    ),
    ...(s.resources.cpus !== undefined ? { cpus: s.resources.cpus } : {}),
    ...(s.resources.memoryBytes !== undefined ? { memoryBytes: s.resources.memoryBytes } : {}),
    readOnlyRootFilesystem: s.readOnlyRootFilesystem,
    ...(s.shmSizeBytes !== undefined ? { shmSizeBytes: s.shmSizeBytes } : {}),
    stopGracePeriodMs: s.stopGracePeriodMs,
    ...networking(instance, opts.networks),
    ...engineOptions(instance),
  };
}

function envSecrets(values: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (!k.startsWith(FILE_VALUE_PREFIX)) out[k] = v;
  return out;
}

function fileMounts(
  instance: InstanceSpec,
  values: Readonly<Record<string, string>>,
): Pick<ContainerCreateSpec, "files"> {
  const files = instance.spec.files ?? [];
  if (files.length === 0) return {};
  return {
    files: files.map((f) => ({
      target: f.target,
      content: values[`${FILE_VALUE_PREFIX}${f.target}`] ?? "",
      ...(f.uid !== undefined ? { uid: f.uid } : {}),
      ...(f.gid !== undefined ? { gid: f.gid } : {}),
      ...(f.mode !== undefined ? { mode: f.mode } : {}),
    })),
  };
}

/** The first declared network is joined at create; the others are connected before start. */
function networking(
  instance: InstanceSpec,
  declared?: Readonly<Record<string, NetworkSpec>>,
): Pick<ContainerCreateSpec, "network" | "ipv4Address" | "extraNetworks"> {
  if (instance.spec.networkMode) return {};
  const list = instance.spec.networks ?? [{ name: "default", aliases: [] }];
  const joined = list.map((n) => ({
    name: instance.runtimeNames?.networks?.[n.name] ?? runtimeNetworkName(instance.project, n.name, declared),
    // The service name is always an alias, as in Compose.
    aliases: [instance.service, ...n.aliases.filter((a) => a !== instance.service)],
    ...(n.ipv4Address ? { ipv4Address: n.ipv4Address } : {}),
  }));
  const [first, ...rest] = joined;
  if (!first) return {};
  return {
    network: { name: first.name, aliases: first.aliases },
    ...(first.ipv4Address ? { ipv4Address: first.ipv4Address } : {}),
    ...(rest.length > 0 ? { extraNetworks: rest } : {}),
  };
}

function engineOptions(instance: InstanceSpec): Pick<ContainerCreateSpec, "options" | "stopSignal"> {
  const s = instance.spec;
  const options: NonNullable<ContainerCreateSpec["options"]> = {};
  for (const f of ENGINE_OPTION_FIELDS)
    if (s[f] !== undefined) (options as Record<string, unknown>)[f] = s[f];
  const m = s.networkMode;
  // service:<name> joins that service's first replica's network namespace.
  if (m)
    options.networkMode =
      m.kind === "service"
        ? { kind: "container", container: containerName(instance.project, m.service, 1) }
        : m;
  if (s.resources.reservations) options.reservations = s.resources.reservations;
  if (s.resources.pidsLimit !== undefined) options.pidsLimit = s.resources.pidsLimit;
  return {
    ...(Object.keys(options).length > 0 ? { options } : {}),
    ...(s.stopSignal ? { stopSignal: s.stopSignal } : {}),
  };
}
