/** `hostwright --runtime swarm daemon -f …`: the swarm supervisor in the foreground (src/daemon/swarm-daemon.ts). */
import { type Desired, ExitCode, parseDuration } from "../../core/index.js";
import { daemonLogger } from "../../daemon/index.js";
import { startNotifications } from "../../daemon/notify-hook.js";
import { runSwarmDaemon } from "../../daemon/swarm-daemon.js";
import { connectSwarm } from "../../runtime/swarm/index.js";
import { assertSwarmSupports } from "../../swarm/index.js";
import type { CliContext } from "../context.js";

export async function runSwarmDaemonCommand(
  projects: Desired[],
  ctx: CliContext,
  signal: AbortSignal,
): Promise<number> {
  for (const d of projects) assertSwarmSupports(d);
  const api = await connectSwarm(ctx.env);
  // HOSTWRIGHT_FAILBACK_SETTLE: how long a returned node must stay up before services move back.
  const settle = ctx.env.HOSTWRIGHT_FAILBACK_SETTLE
    ? parseDuration(ctx.env.HOSTWRIGHT_FAILBACK_SETTLE)
    : undefined;
  const log = daemonLogger();
  const store = ctx.store();
  // Notifications ride on the daemon's events (blocked recommendations, failover moves), off the pass.
  const notify = startNotifications({ store, publish: () => undefined, log, env: ctx.env });
  try {
    await runSwarmDaemon({
      store,
      api,
      log,
      projects,
      signal,
      publish: (e) => notify.onEvent(e),
      ...(settle !== undefined ? { settleMs: settle } : {}),
    });
  } finally {
    notify.stop();
    await api.close();
  }
  return ExitCode.ok;
}
