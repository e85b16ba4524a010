import { ExitCode, HwError, Labels } from "../../core/index.js";
import type { CliContext } from "../context.js";
import { desiredFromFileOrStore } from "../desired-source.js";

export interface LogsOptions {
  file?: string;
  project?: string;
  follow?: boolean;
  tail?: string;
}

/** Logs of every instance of a service, each line prefixed with its instance. */
export async function logsCommand(
  service: string,
  opts: LogsOptions,
  ctx: CliContext,
  signal?: AbortSignal,
): Promise<number> {
  const project = opts.project ?? (await desiredFromFileOrStore(opts, ctx)).project;
  const runtime = await ctx.runtime();
  const observed = await runtime.observe(project);
  const containers = observed.containers.filter((c) => c.labels[Labels.service] === service);
  if (containers.length === 0) {
    throw new HwError("HW-CLI-005", `service ${service} of project ${project} has no containers`, {
      exitCode: ExitCode.failure,
      hint: "see `hostwright status`",
    });
  }
  const tail = opts.tail !== undefined ? Number(opts.tail) : undefined;
  await Promise.all(
    containers.map(async (c) => {
      const prefix = containers.length > 1 ? `${c.name} | ` : "";
      for await (const line of runtime.logs(c.id, {
        follow: Boolean(opts.follow),
        ...(tail !== undefined ? { tail } : {}),
        ...(signal ? { signal } : {}),
      })) {
        (line.stream === "stderr" ? ctx.output.err : ctx.output.out)(`${prefix}${line.text}`);
      }
    }),
  );
  return ExitCode.ok;
}
