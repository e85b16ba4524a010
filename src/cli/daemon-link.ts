import { existsSync } from "node:fs";
import { join } from "node:path";
import type { CliContext } from "./context.js";

/**
 * The running daemon for this state directory, if one answers. `apply` hands desired state to it
 * instead of racing it; `status` asks it for live health. HOSTWRIGHT_NO_DAEMON=1 bypasses it.
 */
export async function runningDaemon(ctx: CliContext, timeoutMs = 600_000) {
  if (ctx.env.HOSTWRIGHT_NO_DAEMON === "1") return undefined;
  const socket = join(ctx.stateDir(), "daemon.sock");
  if (!existsSync(socket)) return undefined;
  const { ApiClient } = await import("../daemon/api/client.js");
  const client = new ApiClient(socket, { timeoutMs });
  return (await client.ping()) ? client : undefined;
}
