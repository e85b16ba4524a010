/**
 * The second half of every mutating flow: record the plan (with its kind), announce it, and walk
 * it with the executor (intent journaled before each op, result after). One wiring for apply,
 * down, operator stop/start and rollback, so none of them calls the runtime on its own.
 */
import { randomUUID } from "node:crypto";
import type { HwEvent, RuntimeAdapter } from "../core/index.js";
import {
  type ApplyResult,
  type ExecutorDeps,
  executePlan,
  type Plan,
  planToJson,
} from "../reconcile/index.js";
import type { PlanKind, Store } from "../store/index.js";
import { projectEvent } from "./prepare.js";

export interface ExecuteOptions {
  store: Store;
  runtime: RuntimeAdapter;
  kind: PlanKind;
  correlationId: string;
  emit: (e: HwEvent) => void;
  parallelism: number;
  planId?: string;
  secretValues?: ExecutorDeps["secretValues"];
  requireDigest?: boolean;
  awaitCondition?: ExecutorDeps["awaitCondition"];
  onProgress?: ExecutorDeps["onProgress"];
  onPullProgress?: ExecutorDeps["onPullProgress"];
  boundary?: ExecutorDeps["boundary"];
}

export async function executeProjectPlan(
  plan: Plan,
  o: ExecuteOptions,
): Promise<{ planId: string; result: ApplyResult }> {
  const planId = o.planId ?? randomUUID();
  o.store.savePlan({
    id: planId,
    project: plan.project,
    hash: plan.hash,
    correlationId: o.correlationId,
    kind: o.kind,
    body: planToJson(plan),
  });
  o.emit(
    projectEvent(
      plan.project,
      o.correlationId,
      "planned",
      "info",
      `plan ${plan.hash.slice(0, 12)}: ${plan.ops.length} operation(s)`,
      { planId, hash: plan.hash, kind: o.kind },
    ),
  );
  const result = await executePlan(plan, {
    runtime: o.runtime,
    journal: o.store,
    planId,
    correlationId: o.correlationId,
    secretValues: o.secretValues ?? {},
    requireDigest: o.requireDigest ?? false,
    parallelism: o.parallelism,
    awaitCondition: o.awaitCondition ?? (async () => {}),
    emit: o.emit,
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.onPullProgress ? { onPullProgress: o.onPullProgress } : {}),
    ...(o.boundary ? { boundary: o.boundary } : {}),
  });
  return { planId, result };
}
