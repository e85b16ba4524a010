/**
 * ContainerCreateSpec → `container create` argv. Every flag precedes the image: anything after
 * it is handed to the container process (reference §1.1, pitfall 12). Pure; the spec must have
 * passed unsupportedCreateFields first.
 */
import type { ContainerCreateSpec, PortSpec, VolumeMount } from "../../core/index.js";
import { labelArgs } from "./label-codec.js";

const KIB = 1024;
const MIB = 1024 * 1024;

/** `host-ip:host:container/proto`, IPv6 host addresses in brackets. */
export function publishArg(p: PortSpec): string {
  const host = p.hostIP.includes(":") ? `[${p.hostIP}]` : p.hostIP;
  return `${host}:${p.host ?? 0}:${p.container}/${p.protocol}`;
}

function mountArgs(m: VolumeMount): string[] {
  if (m.type === "tmpfs") {
    return ["--mount", `type=tmpfs,target=${m.target}${m.readOnly ? ",readonly" : ""}`];
  }
  // `-v` for both: `--mount type=bind` would refuse a file source (reference §1.2).
  return ["-v", `${m.source}:${m.target}${m.readOnly ? ":ro" : ""}`];
}

/** A bare number means bytes to the CLI, so a unit is always given (pitfall 12). */
export function sizeArg(bytes: number): string {
  if (bytes % MIB === 0) return `${bytes / MIB}M`;
  return `${Math.ceil(bytes / KIB)}K`;
}

export function buildCreateArgs(spec: ContainerCreateSpec): string[] {
  const args = ["create", "--name", spec.name, ...labelArgs("-l", spec.labels)];
  // Always KEY=VALUE: a bare KEY would inherit from Hostwright's own environment (pitfall 13).
  for (const key of Object.keys(spec.env).sort()) args.push("-e", `${key}=${spec.env[key]}`);
  for (const p of spec.ports) args.push("-p", publishArg(p));
  for (const m of spec.volumes) args.push(...mountArgs(m));
  const [entrypoint, ...entrypointRest] = spec.entrypoint ?? [];
  // --entrypoint takes one token; its remaining words become the first process arguments.
  if (entrypoint !== undefined) args.push("--entrypoint", entrypoint);
  if (spec.workdir !== undefined) args.push("--workdir", spec.workdir);
  if (spec.user !== undefined) {
    const [user, group] = spec.user.split(":");
    if (user) args.push("--user", spec.user);
    else if (group) args.push("--gid", group);
  }
  if (spec.init) args.push("--init");
  if (spec.cpus !== undefined) args.push("--cpus", String(spec.cpus));
  if (spec.memoryBytes !== undefined) args.push("--memory", sizeArg(spec.memoryBytes));
  if (spec.readOnlyRootFilesystem) args.push("--read-only");
  if (spec.shmSizeBytes !== undefined) args.push("--shm-size", sizeArg(spec.shmSizeBytes));
  if (spec.network !== undefined) args.push("--network", spec.network.name);
  args.push(spec.image, ...entrypointRest, ...(spec.command ?? []));
  return args;
}
