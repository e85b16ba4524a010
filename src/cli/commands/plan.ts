import { writeFile } from "node:fs/promises";
import { preparePlan } from "../../apply/index.js";
import { ExitCode } from "../../core/index.js";
import { planToJson, planWarnings, renderPlanText, renderPlanWarning } from "../../reconcile/index.js";
import { getProjectState } from "../../store/index.js";
import type { CliContext } from "../context.js";
import { loadDesired } from "../load-desired.js";
import { swarmPlanCommand } from "./swarm-commands.js";

export interface PlanOptions {
  file?: string;
  json?: boolean;
  detailedExitcode?: boolean;
  out?: string;
}

/** Shows what apply would do. Changes nothing. Exit 0, or 2 with --detailed-exitcode when changes are pending. */
export async function planCommand(opts: PlanOptions, ctx: CliContext): Promise<number> {
  if (ctx.runtimeChoice() === "swarm") return swarmPlanCommand(opts, ctx);
  const desired = await loadDesired(opts.file, ctx.output, ctx.env, ctx.compose);
  const store = ctx.store();
  const { plan } = await preparePlan(desired, store, await ctx.runtime(), ctx.env);
  const recovery = getProjectState(store, desired.project, "recoveryPlan");
  const warnings = planWarnings(desired);
  const json = {
    ...planToJson(plan),
    warnings,
    recovery: recovery
      ? {
          at: recovery.at,
          why: recovery.why,
          services: recovery.specs.map((x) => ({ name: x.name, specHash: x.specHash })),
        }
      : null,
  };
  if (opts.out) {
    await writeFile(
      opts.out,
      `${JSON.stringify({ kind: "hostwright-plan", version: 1, manifest: desired.sourcePath, plan: json }, null, 2)}\n`,
      { mode: 0o600 },
    );
  }
  if (opts.json) ctx.output.json(json);
  else {
    ctx.output.out(renderPlanText(plan).trimEnd());
    for (const w of warnings) ctx.output.out(renderPlanWarning(w));
    if (recovery) {
      ctx.output.out(
        `\nRecovery plan recorded ${recovery.at} (${recovery.why}): converge ${recovery.specs.map((x) => `${x.name} back to spec ${x.specHash.slice(0, 12)}`).join(", ")}.\nRun it with \`hostwright apply --recovery\`; a plain \`hostwright apply\` converges to the manifest instead.`,
      );
    }
    if (opts.out)
      ctx.output.out(
        `Saved to ${opts.out}; run \`hostwright apply ${opts.out}\` to apply exactly this plan.`,
      );
  }
  return opts.detailedExitcode && plan.ops.length > 0 ? ExitCode.changesPending : ExitCode.ok;
}
