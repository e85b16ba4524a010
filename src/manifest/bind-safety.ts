import path from "node:path";

/** Mounting these hands the container the host (or the engine, which is the same thing). */
const ENGINE_SOCKETS = [
  "/var/run/docker.sock",
  "/run/docker.sock",
  "/run/podman/podman.sock",
  "/var/run/podman/podman.sock",
  "/run/containerd/containerd.sock",
  "/var/run/containerd/containerd.sock",
];
const SOCKET_NAMES = new Set(["docker.sock", "podman.sock", "containerd.sock"]);
const KERNEL_FILESYSTEMS = ["/proc", "/sys", "/dev"];

const isWithin = (child: string, parent: string): boolean =>
  child === parent || child.startsWith(parent === "/" ? "/" : `${parent}/`);

/**
 * Why a bind source is unsafe, or undefined when it is fine. `written` is the source as the user
 * wrote it, `resolved` the absolute normalised path, `manifestDir` what relative paths hang off.
 */
export function unsafeBindReason(written: string, resolved: string, manifestDir: string): string | undefined {
  if (!written.startsWith("/") && !isWithin(resolved, manifestDir)) {
    return `${written} leaves the manifest directory (resolves to ${resolved})`;
  }
  if (resolved === "/") return "it is the host's root directory";
  const kernel = KERNEL_FILESYSTEMS.find((dir) => isWithin(resolved, dir));
  if (kernel !== undefined) return `${resolved} is inside the host's ${kernel}`;
  if (SOCKET_NAMES.has(path.posix.basename(resolved))) return `${resolved} is a container-engine socket`;
  const socket = ENGINE_SOCKETS.find((s) => isWithin(s, resolved));
  if (socket !== undefined) return `${resolved} exposes the container-engine socket ${socket}`;
  return undefined;
}
