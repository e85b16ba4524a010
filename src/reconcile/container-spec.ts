/** InstanceSpec → the runtime's create request. Pure; secrets arrive already resolved. */
import { type ContainerCreateSpec, type InstanceSpec, Labels } from "../core/index.js";
import { networkName, volumeName } from "./plan-input.js";

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
  opts: { specHash: string; ownerId: string; secretValues: Readonly<Record<string, string>> },
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
    env: { ...s.env, ...opts.secretValues },
    ports: s.ports,
    volumes: s.volumes.map((m) =>
      m.type === "volume" ? { ...m, source: volumeName(instance.project, m.source) } : m,
    ),
    ...(s.resources.cpus !== undefined ? { cpus: s.resources.cpus } : {}),
    ...(s.resources.memoryBytes !== undefined ? { memoryBytes: s.resources.memoryBytes } : {}),
    readOnlyRootFilesystem: s.readOnlyRootFilesystem,
    ...(s.shmSizeBytes !== undefined ? { shmSizeBytes: s.shmSizeBytes } : {}),
    stopGracePeriodMs: s.stopGracePeriodMs,
    network: { name: networkName(instance.project), aliases: [instance.service] },
  };
}
