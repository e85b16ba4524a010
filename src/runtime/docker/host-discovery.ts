/**
 * Where is an engine? For `runtime: auto`: DOCKER_HOST wins when set (trusted as given, even if
 * its socket is missing, so the error names what the user asked for); otherwise the first socket
 * that exists among Docker's and Podman's (rootful, then rootless) default paths.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

export interface DiscoveredHost {
  /** DOCKER_HOST-style address: unix:///… or tcp://… */
  host: string;
  /** Where it came from, for messages: "DOCKER_HOST", "/var/run/docker.sock", … */
  source: string;
}

type Env = Readonly<Record<string, string | undefined>>;

export function candidateSockets(env: Env): string[] {
  const sockets = ["/var/run/docker.sock", "/run/podman/podman.sock"];
  if (env.XDG_RUNTIME_DIR) sockets.push(join(env.XDG_RUNTIME_DIR, "podman", "podman.sock"));
  return sockets;
}

export function discoverDockerHost(
  env: Env = process.env,
  exists: (path: string) => boolean = existsSync,
): DiscoveredHost | undefined {
  const fromEnv = env.DOCKER_HOST?.trim();
  // Any scheme is returned: an unsupported one (ssh://) then fails loudly in EngineClient
  // instead of silently picking a different engine than the one the user chose.
  if (fromEnv) return { host: fromEnv, source: "DOCKER_HOST" };
  for (const socket of candidateSockets(env)) {
    if (exists(socket)) return { host: `unix://${socket}`, source: socket };
  }
  return undefined;
}
