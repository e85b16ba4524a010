import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { ExitCode, HwError, type HwEvent, parseDuration } from "../../core/index.js";
import { executePlan } from "../../reconcile/executor.js";
import { planToJson, renderPlanText } from "../../reconcile/index.js";
import { makeAwaitCondition } from "../await-condition.js";
import type { CliContext } from "../context.js";
import { loadDesired } from "../load-desired.js";
import { lineReporter } from "../progress-reporter.js";
import { preparePlan } from "../project-plan.js";
import { pruneStaleOwnership } from "../prune-ownership.js";
import { summariseApply } from "../render-apply.js";

export interface ApplyOptions {
  file?: string;
  planFile?: string;
  confirmPlan?: string;
  json?: boolean;
  parallelism?: string;
  lockTimeout?: string;
}

/** Shows the plan, executes it with live progress, and prints a summary. */
export async function applyCommand(opts: ApplyOptions, ctx: CliContext): Promise<number> {
  const saved = opts.planFile ? await readSavedPlan(opts.planFile) : undefined;
  const expectedHash = opts.confirmPlan ?? saved?.hash;
  const desired = await loadDesired(opts.file ?? saved?.manifest, ctx.output, ctx.env);
  const parallelism = parsePositiveInt(opts.parallelism ?? "8", "--parallelism");
  const lockTimeoutMs = parseDuration(opts.lockTimeout ?? "0s");
  if (lockTimeoutMs === undefined)
    throw usage(`--lock-timeout "${opts.lockTimeout}" is not a duration`, "e.g. 30s or 2m");
  const store = ctx.store();
  const runtime = await ctx.runtime();
  const correlationId = randomUUID();
  const emit = (e: HwEvent) => void store.appendEvent(e);
  const lock = await store.acquireLock(desired.project, { purpose: "apply" }, { timeoutMs: lockTimeoutMs });
  try {
    if (lock.tookOverFrom) {
      emit(
        event(
          desired.project,
          correlationId,
          "lock_taken_over",
          "warning",
          `took over the lock of pid ${lock.tookOverFrom.pid} on ${lock.tookOverFrom.host} (${lock.tookOverFrom.purpose}), which is gone`,
        ),
      );
    }
    const { plan, secrets } = await preparePlan(desired, store, runtime, ctx.env);
    if (expectedHash && expectedHash !== plan.hash) {
      if (!opts.json) ctx.output.out(renderPlanText(plan).trimEnd());
      throw new HwError(
        "HW-PLAN-001",
        `the plan changed since it was reviewed (expected ${expectedHash.slice(0, 12)}, now ${plan.hash.slice(0, 12)}); nothing was applied`,
        {
          exitCode: ExitCode.stalePlan,
          hint: "review the new plan with `hostwright plan` and apply again",
        },
      );
    }
    store.saveDesired({
      project: desired.project,
      canonical: desired.canonical,
      hash: desired.hash,
      sourcePath: desired.sourcePath,
    });
    if (plan.ops.length === 0) {
      if (opts.json)
        ctx.output.json({ ...planToJson(plan), applied: true, ok: plan.blocked.length === 0, results: [] });
      else ctx.output.out(renderPlanText(plan).trimEnd());
      return plan.blocked.length > 0 ? ExitCode.failure : ExitCode.ok;
    }
    if (!opts.json) ctx.output.out(renderPlanText(plan).trimEnd());
    const planId = randomUUID();
    store.savePlan({
      id: planId,
      project: plan.project,
      hash: plan.hash,
      correlationId,
      kind: "apply",
      body: planToJson(plan),
    });
    emit(
      event(
        plan.project,
        correlationId,
        "planned",
        "info",
        `plan ${plan.hash.slice(0, 12)}: ${plan.ops.length} operation(s)`,
        { planId, hash: plan.hash },
      ),
    );
    if (!opts.json) ctx.output.out("\nApplying:");
    const caps = await runtime.capabilities();
    const started = Date.now();
    const result = await executePlan(plan, {
      runtime,
      journal: store,
      planId,
      correlationId,
      secretValues: secrets.values,
      requireDigest: desired.imagePolicy === "require-digest",
      parallelism,
      awaitCondition: makeAwaitCondition(runtime, desired, !caps.containerAddressReachable),
      emit,
      ...(opts.json
        ? {}
        : {
            onProgress: lineReporter(ctx.output),
            onPullProgress: (ref: string, m: string) => ctx.output.err(`    pull ${ref}: ${m}`),
          }),
    });
    if (!result.runtimeUnavailable) await pruneStaleOwnership(store, runtime, desired.project);
    const summary = summariseApply(plan, result, Date.now() - started);
    if (opts.json)
      ctx.output.json({
        ...planToJson(plan),
        applied: true,
        ok: result.ok,
        results: summary.results,
        failedServices: result.failedServices,
      });
    else ctx.output.out(`\n${summary.text}`);
    if (result.runtimeUnavailable) {
      throw new HwError(
        "HW-RUNTIME-001",
        `the container engine went away during apply: ${result.runtimeUnavailable}`,
        {
          exitCode: ExitCode.runtimeUnavailable,
          hint: "start the engine again and re-run `hostwright apply`; it continues from what was done",
        },
      );
    }
    return result.ok && plan.blocked.length === 0 ? ExitCode.ok : ExitCode.failure;
  } finally {
    lock.release();
  }
}

function event(
  project: string,
  correlationId: string,
  type: HwEvent["type"],
  severity: HwEvent["severity"],
  message: string,
  data?: Record<string, unknown>,
): HwEvent {
  return {
    type,
    severity,
    project,
    message,
    timestamp: new Date().toISOString(),
    correlationId,
    ...(data ? { data } : {}),
  };
}

async function readSavedPlan(file: string): Promise<{ hash: string; manifest?: string }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw usage(
      `cannot read saved plan ${file}: ${(err as Error).message}`,
      "create one with `hostwright plan --out plan.json`",
    );
  }
  const p = parsed as { kind?: string; manifest?: string; plan?: { hash?: string } };
  if (p.kind !== "hostwright-plan" || typeof p.plan?.hash !== "string") {
    throw usage(
      `${file} is not a saved hostwright plan`,
      "create one with `hostwright plan --out plan.json`",
    );
  }
  return { hash: p.plan.hash, ...(p.manifest ? { manifest: p.manifest } : {}) };
}

function parsePositiveInt(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw usage(`${flag} must be a positive integer, got "${v}"`);
  return n;
}

function usage(message: string, hint?: string): HwError {
  return new HwError("HW-CLI-001", message, { exitCode: ExitCode.usage, ...(hint ? { hint } : {}) });
}
