/**
 * The optional engine-level fields of a ContainerCreateSpec → the extra members of the
 * POST /containers/create body. Pure; absent fields add nothing, so bodies of existing
 * manifests are unchanged.
 */
import type { ContainerCreateSpec, HealthcheckSpec, VolumeMount } from "../../core/index.js";

export interface ApiMount {
  Type: "volume" | "bind" | "tmpfs";
  Source?: string;
  Target: string;
  ReadOnly: boolean;
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
  BindOptions?: { Propagation?: string; CreateMountpoint?: boolean };
  VolumeOptions?: { NoCopy?: boolean; Subpath?: string };
}

export interface ApiHealthcheck {
  Test: string[];
  Interval?: number;
  Timeout?: number;
  Retries?: number;
  StartPeriod?: number;
  StartInterval?: number;
}

export interface ApiEndpoint {
  Aliases: string[];
  IPAMConfig?: { IPv4Address: string };
}

const NS_PER_MS = 1_000_000;

export function toMount(v: VolumeMount): ApiMount {
  if (v.type === "tmpfs") {
    const opts = v.tmpfs;
    return {
      Type: "tmpfs",
      Target: v.target,
      ReadOnly: v.readOnly,
      ...(opts && (opts.sizeBytes !== undefined || opts.mode !== undefined)
        ? {
            TmpfsOptions: {
              ...(opts.sizeBytes !== undefined ? { SizeBytes: opts.sizeBytes } : {}),
              ...(opts.mode !== undefined ? { Mode: opts.mode } : {}),
            },
          }
        : {}),
    };
  }
  // An anonymous volume has no Source: the engine creates one for the container.
  const base: ApiMount = {
    Type: v.type,
    ...(v.source !== "" ? { Source: v.source } : {}),
    Target: v.target,
    ReadOnly: v.readOnly,
  };
  if (v.type === "bind" && v.bind) {
    const b = {
      ...(v.bind.propagation ? { Propagation: v.bind.propagation } : {}),
      ...(v.bind.createHostPath ? { CreateMountpoint: true } : {}),
    };
    if (Object.keys(b).length > 0) base.BindOptions = b;
  }
  if (v.type === "volume" && v.volume) {
    const o = {
      ...(v.volume.nocopy ? { NoCopy: true } : {}),
      ...(v.volume.subpath ? { Subpath: v.volume.subpath } : {}),
    };
    if (Object.keys(o).length > 0) base.VolumeOptions = o;
  }
  return base;
}

export function toHealthcheck(h: HealthcheckSpec): ApiHealthcheck {
  return {
    Test: h.test,
    ...(h.intervalMs !== undefined ? { Interval: h.intervalMs * NS_PER_MS } : {}),
    ...(h.timeoutMs !== undefined ? { Timeout: h.timeoutMs * NS_PER_MS } : {}),
    ...(h.retries !== undefined ? { Retries: h.retries } : {}),
    ...(h.startPeriodMs !== undefined ? { StartPeriod: h.startPeriodMs * NS_PER_MS } : {}),
    ...(h.startIntervalMs !== undefined ? { StartInterval: h.startIntervalMs * NS_PER_MS } : {}),
  };
}

/** Members added to the body's top level (Config). */
export function configOptions(spec: ContainerCreateSpec): Record<string, unknown> {
  const o = spec.options;
  if (!o) return {};
  return {
    ...(o.hostname !== undefined ? { Hostname: o.hostname } : {}),
    ...(o.domainname !== undefined ? { Domainname: o.domainname } : {}),
    ...(o.tty !== undefined ? { Tty: o.tty } : {}),
    ...(o.stdinOpen !== undefined ? { OpenStdin: o.stdinOpen } : {}),
    ...(o.healthcheck ? { Healthcheck: toHealthcheck(o.healthcheck) } : {}),
  };
}

/** `expose` ports: exposed, published to nothing. */
export function exposedOnly(spec: ContainerCreateSpec): string[] {
  return (spec.options?.expose ?? []).map((p) => `${p}/tcp`);
}

/** The engine's NetworkMode for a networkMode option ("service" is resolved before this point). */
export function networkModeName(spec: ContainerCreateSpec): string | undefined {
  const m = spec.options?.networkMode;
  if (!m) return undefined;
  if (m.kind === "container") return `container:${m.container}`;
  if (m.kind === "service") return `container:${m.service}`;
  return m.kind;
}

/** Members added to HostConfig. */
export function hostConfigOptions(spec: ContainerCreateSpec): Record<string, unknown> {
  const o = spec.options;
  if (!o) return {};
  const r = o.reservations;
  return {
    ...(o.capAdd?.length ? { CapAdd: o.capAdd } : {}),
    ...(o.capDrop?.length ? { CapDrop: o.capDrop } : {}),
    ...(o.privileged !== undefined ? { Privileged: o.privileged } : {}),
    ...(o.ulimits
      ? {
          Ulimits: Object.keys(o.ulimits)
            .sort()
            .map((name) => ({ Name: name, Soft: o.ulimits?.[name]?.soft, Hard: o.ulimits?.[name]?.hard })),
        }
      : {}),
    ...(o.devices?.length
      ? {
          Devices: o.devices.map((d) => ({
            PathOnHost: d.host,
            PathInContainer: d.container,
            CgroupPermissions: d.permissions,
          })),
        }
      : {}),
    ...(o.sysctls ? { Sysctls: o.sysctls } : {}),
    ...(o.extraHosts?.length ? { ExtraHosts: o.extraHosts.map((h) => `${h.host}:${h.ip}`) } : {}),
    ...(o.dns?.length ? { Dns: o.dns } : {}),
    ...(o.dnsSearch?.length ? { DnsSearch: o.dnsSearch } : {}),
    ...(o.dnsOptions?.length ? { DnsOptions: o.dnsOptions } : {}),
    ...(o.securityOpt?.length ? { SecurityOpt: o.securityOpt } : {}),
    ...(o.pid !== undefined ? { PidMode: o.pid } : {}),
    ...(o.ipc !== undefined ? { IpcMode: o.ipc } : {}),
    ...(o.logging ? { LogConfig: { Type: o.logging.driver, Config: o.logging.options } } : {}),
    ...(o.pidsLimit !== undefined ? { PidsLimit: o.pidsLimit } : {}),
    ...(r?.memoryBytes !== undefined ? { MemoryReservation: r.memoryBytes } : {}),
    // Docker has no CPU reservation; relative weight is the closest honest mapping (1 cpu = 1024).
    ...(r?.cpus !== undefined ? { CpuShares: Math.max(2, Math.round(r.cpus * 1024)) } : {}),
    ...(o.runtime !== undefined ? { Runtime: o.runtime } : {}),
  };
}
