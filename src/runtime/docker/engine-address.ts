/** DOCKER_HOST-style addresses: unix:///path/to.sock or tcp://host:port (plain HTTP). */
import { HwError, RuntimeErrorCode } from "../../core/index.js";

export type EngineAddress = { kind: "unix"; socketPath: string } | { kind: "tcp"; origin: string };

export function parseEngineAddress(host: string): EngineAddress {
  if (host.startsWith("unix://")) {
    const socketPath = host.slice("unix://".length);
    if (socketPath.startsWith("/")) return { kind: "unix", socketPath };
  } else if (host.startsWith("tcp://")) {
    const rest = host.slice("tcp://".length).replace(/\/+$/, "");
    if (rest.length > 0) return { kind: "tcp", origin: `http://${rest}` };
  } else if (host.startsWith("/")) {
    // A bare socket path, as some tools write it.
    return { kind: "unix", socketPath: host };
  }
  throw new HwError(RuntimeErrorCode.unsupported, `unsupported engine address "${host}"`, {
    hint: "use unix:///path/to/docker.sock or tcp://host:port (TLS and ssh:// are not supported)",
  });
}
