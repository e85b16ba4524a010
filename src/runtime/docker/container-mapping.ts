/**
 * Engine container JSON → ObservedContainer. The list form (observe) and the inspect form
 * (inspect) carry the same facts in different shapes; both land in the same model.
 */
import {
  type ContainerState,
  compareCodeUnits,
  Labels,
  type ObservedContainer,
  type ObservedPort,
} from "../../core/index.js";
import type { ApiContainerInspect, ApiContainerSummary, ApiEndpoint, ApiPort } from "./engine-types.js";

const STATES: ReadonlySet<string> = new Set([
  "created",
  "running",
  "paused",
  "restarting",
  "exited",
  "dead",
  "removing",
]);

/** Podman reports "configured"/"stopped"/"initialized"; map them to Docker's words. */
export function toContainerState(state: string | undefined): ContainerState {
  const s = (state ?? "").toLowerCase();
  if (STATES.has(s)) return s as ContainerState;
  if (s === "configured" || s === "initialized") return "created";
  if (s === "stopped") return "exited";
  return "unknown";
}

/** "Exited (137) 5 seconds ago" → 137; undefined when the status carries no exit code. */
export function parseExitCode(status: string | undefined): number | undefined {
  const m = /^Exited \((-?\d+)\)/.exec(status ?? "");
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** The engine's zero time ("0001-01-01T00:00:00Z") means "never". */
function isoOrUndefined(time: string | undefined): string | undefined {
  if (!time || time.startsWith("0001-01-01")) return undefined;
  return time;
}

function listPorts(ports: ApiPort[] | undefined): ObservedPort[] {
  return (ports ?? [])
    .filter((p) => p.PublicPort !== undefined && p.PublicPort > 0)
    .map((p) => ({
      hostIP: p.IP ?? "0.0.0.0",
      host: p.PublicPort ?? 0,
      container: p.PrivatePort,
      protocol: p.Type === "udp" ? ("udp" as const) : ("tcp" as const),
    }))
    .sort(comparePorts);
}

function inspectPorts(ports: NonNullable<ApiContainerInspect["NetworkSettings"]>["Ports"]): ObservedPort[] {
  const out: ObservedPort[] = [];
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const [container, proto] = key.split("/");
    for (const b of bindings ?? []) {
      out.push({
        hostIP: b.HostIp || "0.0.0.0",
        host: Number(b.HostPort),
        container: Number(container),
        protocol: proto === "udp" ? "udp" : "tcp",
      });
    }
  }
  return out.sort(comparePorts);
}

function comparePorts(a: ObservedPort, b: ObservedPort): number {
  return (
    a.container - b.container ||
    compareCodeUnits(a.protocol, b.protocol) ||
    compareCodeUnits(a.hostIP, b.hostIP)
  );
}

/** The address on the project network (`<project>_default`), falling back to any network's. */
function projectIp(networks: Record<string, ApiEndpoint> | null | undefined, labels: Record<string, string>) {
  const project = labels[Labels.project];
  const preferred = project === undefined ? undefined : networks?.[`${project}_default`]?.IPAddress;
  if (preferred) return preferred;
  return Object.values(networks ?? {}).find((n) => n.IPAddress)?.IPAddress || undefined;
}

export function fromSummary(c: ApiContainerSummary): ObservedContainer {
  const labels = c.Labels ?? {};
  const exitCode = parseExitCode(c.Status);
  const ip = projectIp(c.NetworkSettings?.Networks, labels);
  return {
    id: c.Id,
    name: (c.Names?.[0] ?? "").replace(/^\//, ""),
    labels,
    state: toContainerState(c.State),
    ...(exitCode === undefined ? {} : { exitCode }),
    ...(c.Created === undefined ? {} : { createdAt: new Date(c.Created * 1000).toISOString() }),
    image: c.Image,
    ...(c.ImageID ? { imageId: c.ImageID } : {}),
    ports: listPorts(c.Ports),
    ...(ip ? { ip } : {}),
  };
}

export function fromInspect(c: ApiContainerInspect): ObservedContainer {
  const labels = c.Config.Labels ?? {};
  const state = toContainerState(c.State.Status);
  const ip = projectIp(c.NetworkSettings?.Networks, labels);
  const startedAt = isoOrUndefined(c.State.StartedAt);
  const finishedAt = isoOrUndefined(c.State.FinishedAt);
  const createdAt = isoOrUndefined(c.Created);
  // A never-started container reports ExitCode 0; only exited/dead ones have a meaningful one.
  const hasExit = (state === "exited" || state === "dead") && c.State.ExitCode !== undefined;
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ""),
    labels,
    state,
    ...(hasExit ? { exitCode: c.State.ExitCode } : {}),
    ...(createdAt ? { createdAt } : {}),
    ...(startedAt ? { startedAt } : {}),
    ...(finishedAt ? { finishedAt } : {}),
    image: c.Config.Image,
    imageId: c.Image,
    ports: inspectPorts(c.NetworkSettings?.Ports),
    ...(ip ? { ip } : {}),
    ...healthOf(c.State.Health?.Status),
  };
}

/** The engine's structured health status ("none" = no healthcheck, reported as absent). */
function healthOf(status: string | undefined): Pick<ObservedContainer, "health"> {
  return status === "starting" || status === "healthy" || status === "unhealthy" ? { health: status } : {};
}

/** `<project>-<service>-<N>`: the only names Hostwright would ever create for this project. */
export function isInstanceShapedName(name: string, project: string): boolean {
  if (!name.startsWith(`${project}-`)) return false;
  return /^[a-z0-9]([a-z0-9-]*[a-z0-9])?-[1-9]\d*$/.test(name.slice(project.length + 1));
}
