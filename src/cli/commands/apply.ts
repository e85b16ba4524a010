import { readFile } from "node:fs/promises";
import { applyProject } from "../../apply/index.js";
import { ExitCode, HwError, parseDuration } from "../../core/index.js";
import { planToJson, renderPlanText } from "../../reconcile/index.js";
import type { CliContext } from "../context.js";
import { runningDaemon } from "../daemon-link.js";
import { faultInjection } from "../fault-injection.js";
import { loadDesired } from "../load-desired.js";
import { lineReporter } from "../progress-reporter.js";
import { summariseApply } from "../render-apply.js";
import { swarmApplyCommand } from "./swarm-commands.js";

export interface ApplyOptions {
  file?: string;
  planFile?: string;
  confirmPlan?: string;
  json?: boolean;
  parallelism?: string;
  lockTimeout?: string;
  /** Run the recorded recovery plan (put failed services back to their last good spec). */
  recovery?: boolean;
}

/** Shows the plan, executes it with live progress, and prints a summary. */
export async function applyCommand(opts: ApplyOptions, ctx: CliContext): Promise<number> {
  const saved = opts.planFile ? await readSavedPlan(opts.planFile) : undefined;
  const expectedHash = opts.confirmPlan ?? saved?.hash;
  const desired = await loadDesired(opts.file ?? saved?.manifest, ctx.output, ctx.env, ctx.compose);
  const parallelism = parsePositiveInt(opts.parallelism ?? "8", "--parallelism");
  const lockTimeoutMs = parseDuration(opts.lockTimeout ?? "0s");
  if (lockTimeoutMs === undefined)
    throw usage(`--lock-timeout "${opts.lockTimeout}" is not a duration`, "e.g. 30s or 2m");
  if (ctx.runtimeChoice() === "swarm") return swarmApplyCommand({ ...opts, lockTimeoutMs }, ctx);
  const out = ctx.output;
  const text = !opts.json;
  const boundary = faultInjection(ctx.env);
  const daemon = await runningDaemon(ctx);
  if (daemon) {
    if (text)
      out.out("A hostwright daemon is running for this state directory: handing the desired state to it.");
    const r = await daemon.post<
      { ok: boolean; results: unknown[]; ops: unknown[]; hash: string } & Record<string, unknown>
    >("/v1/apply", {
      desired,
      parallelism,
      ...(expectedHash ? { expectedHash } : {}),
      ...(opts.recovery ? { recovery: true } : {}),
    });
    if (opts.json) out.json(r);
    else
      out.out(
        `Daemon applied plan ${r.hash.slice(0, 12)}: ${r.ops.length} operation(s), ${r.ok ? "ok" : "with failures (see `hostwright events`)"}.`,
      );
    return r.ok ? ExitCode.ok : ExitCode.failure;
  }
  const outcome = await applyProject(desired, {
    store: ctx.store(),
    runtime: await ctx.runtime(),
    env: ctx.env,
    parallelism,
    lockTimeoutMs,
    purpose: "operator",
    ...(opts.recovery ? { recovery: true } : {}),
    ...(boundary ? { boundary } : {}),
    ...(expectedHash ? { expectedHash } : {}),
    ...(text
      ? {
          onPlan: (plan) => out.out(renderPlanText(plan).trimEnd()),
          onProgress: lineReporter(out),
          onPullProgress: (ref: string, m: string) => out.err(`    pull ${ref}: ${m}`),
        }
      : {}),
  });
  const back = outcome.kind === "stale" ? undefined : outcome.recoveredServices;
  if (back && text && (outcome.kind === "converged" || (outcome.kind === "applied" && outcome.result.ok)))
    out.out(
      `Recovery plan done: ${back.join(", ")} back to their last good spec (the manifest still declares the failed one).`,
    );
  for (const r of outcome.recovered) if (text) out.out(`  recovered: ${r.target}: ${r.note}`);
  if (outcome.kind === "stale") {
    throw new HwError(
      "HW-PLAN-001",
      `the plan changed since it was reviewed (expected ${expectedHash?.slice(0, 12)}, now ${outcome.plan.hash.slice(0, 12)}); nothing was applied`,
      {
        exitCode: ExitCode.stalePlan,
        hint: "review the new plan with `hostwright plan` and apply again",
      },
    );
  }
  const blocked = outcome.plan.blocked.length > 0;
  if (outcome.kind === "converged") {
    if (text) for (const b of outcome.plan.blocked) out.out(`  ! ${b.service}: blocked: ${b.reason}`);
    if (opts.json)
      out.json({
        ...planToJson(outcome.plan),
        applied: true,
        ok: !blocked,
        results: [],
        recovered: outcome.recovered,
      });
    return blocked ? ExitCode.failure : ExitCode.ok;
  }
  const { plan, result } = outcome;
  const summary = summariseApply(plan, result, outcome.tookMs);
  const rolledBack = outcome.rollbacks.map((r) => `  ↺ ${r.service}: ${r.reason}`);
  if (opts.json) {
    out.json({
      ...planToJson(plan),
      applied: true,
      ok: result.ok && !blocked,
      results: summary.results,
      failedServices: result.failedServices,
      recovered: outcome.recovered,
      rollbacks: outcome.rollbacks,
    });
  } else out.out(`\n${[summary.text, ...rolledBack].join("\n")}`);
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
  return result.ok && !blocked ? ExitCode.ok : ExitCode.failure;
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
