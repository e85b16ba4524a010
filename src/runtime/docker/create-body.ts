/**
 * ContainerCreateSpec → the body of POST /containers/create. Pure, so the translation is tested
 * without an engine. The body holds env values (secrets included): never log it.
 */
import type { ContainerCreateSpec } from "../../core/index.js";
import {
  type ApiEndpoint,
  type ApiMount,
  configOptions,
  exposedOnly,
  hostConfigOptions,
  networkModeName,
  toMount,
} from "./create-options.js";

export interface CreateContainerBody {
  Image: string;
  Labels: Record<string, string>;
  Env: string[];
  Cmd?: string[];
  Entrypoint?: string[];
  WorkingDir?: string;
  User?: string;
  ExposedPorts: Record<string, Record<string, never>>;
  StopTimeout: number;
  StopSignal?: string;
  HostConfig: {
    PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }>>;
    Mounts: ApiMount[];
    Memory?: number;
    NanoCpus?: number;
    Init: boolean;
    ReadonlyRootfs: boolean;
    ShmSize?: number;
    RestartPolicy: { Name: "no" };
    NetworkMode?: string;
    [option: string]: unknown;
  };
  NetworkingConfig?: { EndpointsConfig: Record<string, ApiEndpoint> };
  [option: string]: unknown;
}

export function createContainerBody(spec: ContainerCreateSpec): CreateContainerBody {
  const exposed: CreateContainerBody["ExposedPorts"] = {};
  const bindings: CreateContainerBody["HostConfig"]["PortBindings"] = {};
  for (const p of spec.ports) {
    const key = `${p.container}/${p.protocol}`;
    exposed[key] = {};
    // HostPort "" asks the engine for an ephemeral port.
    const binding = { HostIp: p.hostIP, HostPort: p.host === null ? "" : String(p.host) };
    bindings[key] = [...(bindings[key] ?? []), binding];
  }
  for (const key of exposedOnly(spec)) exposed[key] ??= {};
  const mode = networkModeName(spec);
  const body: CreateContainerBody = {
    Image: spec.image,
    Labels: spec.labels,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    ...(spec.command ? { Cmd: spec.command } : {}),
    ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
    ...(spec.workdir ? { WorkingDir: spec.workdir } : {}),
    ...(spec.user ? { User: spec.user } : {}),
    ExposedPorts: exposed,
    // The engine's stop timeout is whole seconds; round up so the grace period is never shortened.
    StopTimeout: Math.ceil(spec.stopGracePeriodMs / 1000),
    ...(spec.stopSignal ? { StopSignal: spec.stopSignal } : {}),
    ...configOptions(spec),
    HostConfig: {
      PortBindings: bindings,
      Mounts: spec.volumes.map(toMount),
      ...(spec.memoryBytes !== undefined ? { Memory: spec.memoryBytes } : {}),
      ...(spec.cpus !== undefined ? { NanoCpus: Math.round(spec.cpus * 1e9) } : {}),
      Init: spec.init,
      ReadonlyRootfs: spec.readOnlyRootFilesystem,
      ...(spec.shmSizeBytes !== undefined ? { ShmSize: spec.shmSizeBytes } : {}),
      // Hostwright owns restarts (backoff, health); an engine policy would fight it.
      RestartPolicy: { Name: "no" },
      ...(mode ? { NetworkMode: mode } : spec.network ? { NetworkMode: spec.network.name } : {}),
      ...hostConfigOptions(spec),
    },
  };
  // host/none/container: modes join no network of ours. Further networks are connected after create.
  if (spec.network && !mode) {
    const endpoint: ApiEndpoint = { Aliases: spec.network.aliases };
    if (spec.ipv4Address) endpoint.IPAMConfig = { IPv4Address: spec.ipv4Address };
    body.NetworkingConfig = { EndpointsConfig: { [spec.network.name]: endpoint } };
  }
  return body;
}
