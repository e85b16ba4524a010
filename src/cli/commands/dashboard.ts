import { ExitCode, HwError } from "../../core/index.js";
import type { CliContext } from "../context.js";
import { runningDaemon } from "../daemon-link.js";

export interface DashboardOptions {
  json?: boolean;
}

/**
 * Prints the running daemon's dashboard URL with its token again (it was printed once when the
 * daemon started). The address comes from the daemon's record in the state directory, trusted only
 * if the daemon answering on the socket is the process that wrote it.
 */
export async function dashboardCommand(opts: DashboardOptions, ctx: CliContext): Promise<number> {
  const dash = await import("../../dashboard/index.js");
  const stateDir = ctx.stateDir();
  const daemon = await runningDaemon(ctx, 5_000);
  if (!daemon)
    throw new HwError(dash.DashboardErrorCode.noDashboard, `no daemon is running for ${stateDir}`, {
      hint: "start one with `hostwright daemon --http 127.0.0.1:8787`",
    });
  const record = dash.readDashboardRecord(stateDir);
  const { pid } = await daemon.get<{ pid: number }>("/v1/ping");
  if (!record || record.pid !== pid)
    throw new HwError(dash.DashboardErrorCode.noDashboard, "the running daemon serves no dashboard", {
      hint: "restart it with `hostwright daemon --http 127.0.0.1:8787`",
    });
  const url = dash.urlWithToken(record.url, dash.readHttpToken(stateDir));
  if (opts.json) ctx.output.json({ url, baseUrl: record.url, tls: record.tls, pid });
  else ctx.output.out(url);
  return ExitCode.ok;
}
