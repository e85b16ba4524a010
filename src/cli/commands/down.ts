import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { downProject, storedDesired } from "../../apply/index.js";
import { type Desired, ExitCode, HwError } from "../../core/index.js";
import { planToJson, renderPlanText } from "../../reconcile/index.js";
import type { CliContext } from "../context.js";
import { defaultManifestPath, loadDesired } from "../load-desired.js";
import { lineReporter } from "../progress-reporter.js";
import { summariseApply } from "../render-apply.js";
import { swarmDownCommand } from "./swarm-commands.js";

export interface DownOptions {
  file?: string;
  project?: string;
  volumes?: boolean;
  json?: boolean;
}

/** Removes every owned resource of the project; volumes only with --volumes or reclaimPolicy: delete. */
export async function downCommand(opts: DownOptions, ctx: CliContext): Promise<number> {
  if (ctx.runtimeChoice() === "swarm") return swarmDownCommand(opts, ctx);
  const store = ctx.store();
  const desired = await desiredForDown(opts, ctx);
  const project = opts.project ?? desired?.project;
  if (!project) {
    throw new HwError("HW-CLI-003", "no project given and no hostwright.yaml here", {
      exitCode: ExitCode.usage,
      hint: "use -f FILE or --project NAME",
    });
  }
  const out = await downProject(project, {
    store,
    runtime: await ctx.runtime(),
    ...(desired ? { desired } : {}),
    removeVolumes: Boolean(opts.volumes),
    ...(opts.json
      ? {}
      : {
          onPlan: (plan) => {
            if (plan.ops.length > 0) ctx.output.out(renderPlanText(plan).trimEnd());
          },
          onProgress: lineReporter(ctx.output),
        }),
  });
  if (!opts.json) for (const r of out.recovered) ctx.output.out(`  recovered: ${r.target}: ${r.note}`);
  const { plan, result } = out;
  if (!result) {
    if (opts.json) ctx.output.json({ ...planToJson(plan), ok: true, results: [] });
    else ctx.output.out(`Project ${project}: nothing owned to remove.`);
    return ExitCode.ok;
  }
  const summary = summariseApply(plan, result, out.tookMs);
  if (opts.json)
    ctx.output.json({
      ...planToJson(plan),
      ok: result.ok,
      results: summary.results,
      keptVolumes: out.keptVolumes,
    });
  else {
    ctx.output.out(`\n${summary.text}`);
    if (out.keptVolumes.length)
      ctx.output.out(
        `Kept volume(s) ${out.keptVolumes.join(", ")} (reclaimPolicy retain); use --volumes to remove them.`,
      );
  }
  return result.ok ? ExitCode.ok : ExitCode.failure;
}

async function desiredForDown(opts: DownOptions, ctx: CliContext): Promise<Desired | undefined> {
  const path = resolve(opts.file ?? defaultManifestPath());
  if (opts.file || (!opts.project && existsSync(path)))
    return loadDesired(path, ctx.output, ctx.env, ctx.compose);
  if (!opts.project) return undefined;
  return storedDesired(ctx.store(), opts.project);
}
