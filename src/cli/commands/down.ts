import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { ownershipView, storedDesired } from "../../apply/index.js";
import { type Desired, ExitCode, HwError, type HwEvent } from "../../core/index.js";
import { executePlan } from "../../reconcile/executor.js";
import { planToJson, renderPlanText, volumeName } from "../../reconcile/index.js";
import { planDown } from "../../reconcile/plan-down.js";
import type { CliContext } from "../context.js";
import { DEFAULT_MANIFEST, loadDesired } from "../load-desired.js";
import { lineReporter } from "../progress-reporter.js";
import { summariseApply } from "../render-apply.js";

export interface DownOptions {
  file?: string;
  project?: string;
  volumes?: boolean;
  json?: boolean;
}

/** Removes every owned resource of the project; volumes only with --volumes or reclaimPolicy: delete. */
export async function downCommand(opts: DownOptions, ctx: CliContext): Promise<number> {
  const store = ctx.store();
  const desired = await desiredForDown(opts, ctx);
  const project = opts.project ?? desired?.project;
  if (!project) {
    throw new HwError("HW-CLI-003", "no project given and no hostwright.yaml here", {
      exitCode: ExitCode.usage,
      hint: "use -f FILE or --project NAME",
    });
  }
  const runtime = await ctx.runtime();
  const lock = await store.acquireLock(project, { purpose: "down" }, { timeoutMs: 0 });
  try {
    const observed = await runtime.observe(project);
    const plan = planDown({
      project,
      observed,
      ownership: ownershipView(store, project),
      dependsOn: Object.fromEntries((desired?.services ?? []).map((s) => [s.name, Object.keys(s.dependsOn)])),
      removeVolumes: Boolean(opts.volumes),
      stopGraceMs: Object.fromEntries((desired?.services ?? []).map((s) => [s.name, s.stopGracePeriodMs])),
      deleteVolumes: new Set(
        Object.values(desired?.volumes ?? {})
          .filter((v) => v.reclaimPolicy === "delete")
          .map((v) => volumeName(project, v.name)),
      ),
    });
    if (plan.ops.length === 0) {
      if (opts.json) ctx.output.json({ ...planToJson(plan), ok: true, results: [] });
      else ctx.output.out(`Project ${project}: nothing owned to remove.`);
      return ExitCode.ok;
    }
    const correlationId = randomUUID();
    const planId = randomUUID();
    if (!opts.json) ctx.output.out(renderPlanText(plan).trimEnd());
    store.savePlan({
      id: planId,
      project,
      hash: plan.hash,
      correlationId,
      kind: "apply",
      body: planToJson(plan),
    });
    const started = Date.now();
    const result = await executePlan(plan, {
      runtime,
      journal: store,
      planId,
      correlationId,
      secretValues: {},
      requireDigest: false,
      parallelism: 8,
      awaitCondition: async () => {},
      emit: (e: HwEvent) => void store.appendEvent(e),
      ...(opts.json ? {} : { onProgress: lineReporter(ctx.output) }),
    });
    const summary = summariseApply(plan, result, Date.now() - started);
    const kept = observed.volumes.filter(
      (v) => !plan.ops.some((o) => o.kind === "remove-volume" && o.name === v.name),
    );
    if (opts.json)
      ctx.output.json({
        ...planToJson(plan),
        ok: result.ok,
        results: summary.results,
        keptVolumes: kept.map((v) => v.name),
      });
    else {
      ctx.output.out(`\n${summary.text}`);
      if (kept.length)
        ctx.output.out(
          `Kept volume(s) ${kept.map((v) => v.name).join(", ")} (reclaimPolicy retain); use --volumes to remove them.`,
        );
    }
    return result.ok ? ExitCode.ok : ExitCode.failure;
  } finally {
    lock.release();
  }
}

async function desiredForDown(opts: DownOptions, ctx: CliContext): Promise<Desired | undefined> {
  const path = resolve(opts.file ?? DEFAULT_MANIFEST);
  if (opts.file || (!opts.project && existsSync(path))) return loadDesired(path, ctx.output, ctx.env);
  if (!opts.project) return undefined;
  return storedDesired(ctx.store(), opts.project);
}
