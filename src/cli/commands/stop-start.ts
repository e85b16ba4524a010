import { operatorStopStart } from "../../apply/index.js";
import { ExitCode } from "../../core/index.js";
import type { CliContext } from "../context.js";
import { desiredFromFileOrStore } from "../desired-source.js";

export interface StopStartOptions {
  file?: string;
  project?: string;
  json?: boolean;
}

/** Operator stop/start; the daemon leaves operator-stopped containers alone until started again. */
export async function stopStartCommand(
  service: string | undefined,
  action: "stop" | "start",
  opts: StopStartOptions,
  ctx: CliContext,
): Promise<number> {
  const desired = await desiredFromFileOrStore(opts, ctx);
  const grace = (s: string) => desired.services.find((x) => x.name === s)?.stopGracePeriodMs ?? 10_000;
  const outcome = await operatorStopStart(
    ctx.store(),
    await ctx.runtime(),
    desired.project,
    service,
    action,
    grace,
  );
  const names = outcome.containers;
  if (opts.json)
    ctx.output.json({
      project: desired.project,
      action,
      containers: names,
      ok: outcome.ok,
      failed: outcome.failed,
    });
  else
    ctx.output.out(
      names.length
        ? `${action === "stop" ? "Stopped" : "Started"}: ${names.join(", ")}`
        : "No owned container matched.",
    );
  if (!outcome.ok) ctx.output.err(`Failed: ${outcome.failed.join(", ")} (see \`hostwright events\`).`);
  return outcome.ok ? ExitCode.ok : ExitCode.failure;
}
