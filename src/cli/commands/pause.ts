import { ExitCode } from "../../core/index.js";
import type { CliContext } from "../context.js";
import { runningDaemon } from "../daemon-link.js";
import { desiredFromFileOrStore } from "../desired-source.js";

export interface PauseOptions {
  file?: string;
  project?: string;
  json?: boolean;
}

/** Manual override: the daemon observes and reports but repairs nothing until resumed. Persisted. */
export async function pauseCommand(
  service: string | undefined,
  paused: boolean,
  opts: PauseOptions,
  ctx: CliContext,
): Promise<number> {
  const project = opts.project ?? (await desiredFromFileOrStore(opts, ctx)).project;
  const daemon = await runningDaemon(ctx, 10_000);
  let state: unknown;
  if (daemon) {
    // Through the daemon, so the change takes effect at once instead of at the next resync.
    state = await daemon.post(paused ? "/v1/pause" : "/v1/resume", {
      project,
      ...(service ? { service } : {}),
    });
  } else {
    const { setPaused } = await import("../../daemon/pause-state.js");
    state = setPaused(ctx.store(), project, service, paused);
  }
  if (opts.json) ctx.output.json({ project, service: service ?? null, paused, state });
  else
    ctx.output.out(
      `${paused ? "Paused" : "Resumed"} ${service ? `service ${service} of ` : ""}project ${project}${paused ? ": the daemon will report drift but not repair it" : ""}.`,
    );
  return ExitCode.ok;
}
