/**
 * Which address an http/tcp probe connects to. The container's own IP is direct, but is not
 * reachable from the host everywhere (Docker Desktop); the published host port is the fallback,
 * or the first choice when the caller knows the IP is unreachable (preferHostPort).
 */
import type { ProbeTarget } from "./probe-types.js";

export type ProbeAddress = { host: string; port: number } | { error: string };

/** Wildcard binds are reached through loopback. */
const WILDCARD_TO_LOOPBACK: Record<string, string> = { "": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1" };

export function resolveProbeAddress(
  target: ProbeTarget,
  containerPort: number,
  preferHostPort = false,
): ProbeAddress {
  const published = target.ports.find((p) => p.container === containerPort && p.protocol === "tcp");
  const viaHost =
    published === undefined
      ? undefined
      : { host: WILDCARD_TO_LOOPBACK[published.hostIP] ?? published.hostIP, port: published.host };
  const viaIp =
    target.ip === undefined || target.ip === "" ? undefined : { host: target.ip, port: containerPort };
  const chosen = preferHostPort ? (viaHost ?? viaIp) : (viaIp ?? viaHost);
  if (chosen !== undefined) return chosen;
  // Only reached when neither exists: preferHostPort changes the order, never the candidates.
  return {
    error: `no address for container port ${containerPort}: the container reports no IP and the port is not published on the host`,
  };
}

/** "host:port", bracketing IPv6 literals as URLs and logs expect. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
