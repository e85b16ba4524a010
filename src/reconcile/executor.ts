/**
 * executePlan: persists the plan's intent before each operation and its result right after, runs
 * independent operations concurrently, and reports progress and events. The decisions were all
 * made by the planner; this file only carries them out.
 */
import { errorMessage, type HwEvent, isHwError, type RuntimeAdapter } from "../core/index.js";
import { runDag } from "./dag-runner.js";
import type { OperationJournal } from "./journal.js";
import { type OpContext, runOperation } from "./op-handlers.js";
import { renderReason } from "./op-reason.js";
import type { AwaitOp, Plan, PlanOp } from "./plan-types.js";
import { renderOp } from "./render-plan.js";

export interface OpProgress {
  op: PlanOp;
  status: "started" | "done" | "failed" | "skipped";
  message?: string;
  durationMs?: number;
}

export interface ExecutorDeps {
  runtime: RuntimeAdapter;
  journal: OperationJournal;
  planId: string;
  correlationId: string;
  /** service → resolved secret values (memory only). */
  secretValues: Readonly<Record<string, Readonly<Record<string, string>>>>;
  requireDigest: boolean;
  parallelism: number;
  /** Waits for ready/completed/running; rejects with a reason. Backed by health/ probes. */
  awaitCondition: (op: AwaitOp, runtimeId: string) => Promise<void>;
  emit: (event: HwEvent) => void;
  onProgress?: (p: OpProgress) => void;
  onPullProgress?: (ref: string, message: string) => void;
  /**
   * Called at every operation boundary: "before-call" (intent durable, runtime not yet called) and
   * "after-call" (runtime call returned, result not yet recorded). The crash test kills the process
   * here; nothing else uses it.
   */
  boundary?: (op: PlanOp, point: "before-call" | "after-call") => void;
}

export interface OpResult {
  op: PlanOp;
  outcome: "done" | "failed" | "skipped";
  error?: string;
  errorCode?: string;
  durationMs: number;
}

export interface ApplyResult {
  ok: boolean;
  results: OpResult[];
  failedServices: string[];
  /** An error that means the runtime itself went away (exit 69), if one happened. */
  runtimeUnavailable?: string;
}

export async function executePlan(plan: Plan, deps: ExecutorDeps): Promise<ApplyResult> {
  const results = new Map<number, OpResult>();
  const ctx: OpContext = { deps, project: plan.project, runtimeIds: new Map(), images: new Map() };
  let runtimeUnavailable: string | undefined;

  const event = (
    type: HwEvent["type"],
    severity: HwEvent["severity"],
    op: PlanOp,
    message: string,
    data?: Record<string, unknown>,
  ) =>
    deps.emit({
      type,
      severity,
      project: plan.project,
      ...(op.service ? { service: op.service } : {}),
      ...("name" in op ? { instance: op.name } : {}),
      message,
      timestamp: new Date().toISOString(),
      correlationId: deps.correlationId,
      ...(data ? { data } : {}),
    });

  await runDag(
    plan.ops,
    deps.parallelism,
    async (op) => {
      const started = Date.now();
      deps.onProgress?.({ op, status: "started" });
      const intent = deps.journal.beginOperation({
        planId: deps.planId,
        opId: String(op.id),
        project: plan.project,
        kind: op.kind,
        target: op.target,
        detail: {
          reason: op.reason,
          cause: renderReason(op.reason),
          ...("runtimeId" in op ? { runtimeId: op.runtimeId } : {}),
        },
      });
      try {
        deps.boundary?.(op, "before-call");
        const outcome = await runOperation(op, ctx);
        const durationMs = Date.now() - started;
        deps.journal.finishOperation(intent, {
          status: "done",
          ...(outcome.runtimeId ? { runtimeId: outcome.runtimeId } : {}),
        });
        results.set(op.id, { op, outcome: "done", durationMs });
        deps.onProgress?.({ op, status: "done", message: outcome.message, durationMs });
        if (outcome.event)
          event(outcome.event, "info", op, `${renderOp(op)} — ${outcome.message}`, {
            op: op.id,
            durationMs,
            ...outcome.data,
          });
      } catch (err) {
        const durationMs = Date.now() - started;
        const message = errorMessage(err);
        deps.journal.finishOperation(intent, { status: "failed", error: message });
        const code = isHwError(err) ? err.code : undefined;
        if (isHwError(err) && err.exitCode === 69) runtimeUnavailable = message;
        results.set(op.id, {
          op,
          outcome: "failed",
          error: message,
          ...(code ? { errorCode: code } : {}),
          durationMs,
        });
        deps.onProgress?.({ op, status: "failed", message, durationMs });
        event("failed", "error", op, `${renderOp(op)} failed: ${message}`, {
          op: op.id,
          ...(code ? { code } : {}),
        });
        throw err;
      }
    },
    (op, failedDependency) => {
      const message = `skipped: #${failedDependency} did not succeed`;
      results.set(op.id, { op, outcome: "skipped", error: message, durationMs: 0 });
      deps.onProgress?.({ op, status: "skipped", message });
    },
  );

  const ordered = plan.ops.map((op) => results.get(op.id)!);
  const failedServices = [
    ...new Set(ordered.filter((r) => r.outcome !== "done").map((r) => r.op.service ?? r.op.target)),
  ].sort();
  return {
    ok: failedServices.length === 0,
    results: ordered,
    failedServices,
    ...(runtimeUnavailable ? { runtimeUnavailable } : {}),
  };
}
