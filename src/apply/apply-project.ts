/**
 * The apply flow shared by `hostwright apply` and the daemon: take the project lock, recover
 * interrupted operations, plan against a fresh observation, refuse a stale plan, persist the
 * desired revision and the plan, execute, prune stale ownership records, release the lock.
 */
import { randomUUID } from "node:crypto";
import type { Desired, HwEvent, Observed, RuntimeAdapter } from "../core/index.js";
import {
  type ApplyResult,
  type ExecutorDeps,
  executePlan,
  type OpProgress,
  type Plan,
  planToJson,
} from "../reconcile/index.js";
import type { Store } from "../store/index.js";
import { makeAwaitCondition } from "./await-condition.js";
import { STOPPED_SETTING } from "./operator-stop.js";
import { preparePlan } from "./project-plan.js";
import { pruneStaleOwnership } from "./prune-ownership.js";
import { type RecoveryItem, recoverInterrupted } from "./recover.js";
import { ROLLED_BACK_SETTING, type RollbackOutcome, rollBackFailedUpdates } from "./rollback-flow.js";

export interface ApplyProjectOptions {
  store: Store;
  runtime: RuntimeAdapter;
  env: NodeJS.ProcessEnv;
  parallelism: number;
  lockTimeoutMs: number;
  purpose: string;
  /** Refuse (stale) when the plan computed now has another hash. */
  expectedHash?: string;
  /** Narrow the plan (the daemon acts only where policy allows); receives the full plan. */
  restrict?: (plan: Plan, observed: Observed) => Plan;
  /** Extra inputs for the planner (the daemon's health verdicts). */
  unhealthy?: ReadonlySet<string>;
  onPlan?: (plan: Plan) => void;
  onProgress?: (p: OpProgress) => void;
  onPullProgress?: (ref: string, message: string) => void;
  emit?: (e: HwEvent) => void;
  correlationId?: string;
  boundary?: ExecutorDeps["boundary"];
}

export type ApplyProjectResult =
  | { kind: "stale"; plan: Plan; recovered: RecoveryItem[] }
  | { kind: "converged"; plan: Plan; recovered: RecoveryItem[]; observed: Observed }
  | {
      kind: "applied";
      plan: Plan;
      result: ApplyResult;
      tookMs: number;
      recovered: RecoveryItem[];
      correlationId: string;
      /** Observation after the apply (what is running now). */
      observed: Observed;
      /** Failed updates and what was done about them. */
      rollbacks: RollbackOutcome[];
    };

export async function applyProject(desired: Desired, opts: ApplyProjectOptions): Promise<ApplyProjectResult> {
  const { store, runtime } = opts;
  const correlationId = opts.correlationId ?? randomUUID();
  const emit = (e: HwEvent) => {
    store.appendEvent(e);
    opts.emit?.(e);
  };
  const lock = await store.acquireLock(
    desired.project,
    { purpose: opts.purpose },
    { timeoutMs: opts.lockTimeoutMs },
  );
  try {
    if (lock.tookOverFrom) {
      const h = lock.tookOverFrom;
      emit(
        projectEvent(
          desired.project,
          correlationId,
          "lock_taken_over",
          "warning",
          `took over the lock of pid ${h.pid} on ${h.host} (${h.purpose}, since ${h.startedAt}): that process is gone`,
        ),
      );
    }
    // Only an interrupted apply leaves intents without results; observe for them only then.
    const recovered = store.unfinishedOperations(desired.project).length
      ? recoverInterrupted(store, await runtime.observe(desired.project), correlationId, emit)
      : [];
    const prepared = await preparePlan(desired, store, runtime, opts.env, opts.unhealthy);
    const plan = opts.restrict ? opts.restrict(prepared.plan, prepared.observed) : prepared.plan;
    opts.onPlan?.(plan);
    if (opts.expectedHash && opts.expectedHash !== plan.hash) return { kind: "stale", plan, recovered };
    store.saveDesired({
      project: desired.project,
      canonical: desired.canonical,
      hash: desired.hash,
      sourcePath: desired.sourcePath,
    });
    // An explicit apply is the operator retrying: forget earlier "rolled back, do not retry" marks.
    if (!opts.restrict) {
      store.deleteSetting(ROLLED_BACK_SETTING(desired.project));
      // …and operator stops: an explicit apply converges to the manifest, which says "running".
      store.deleteSetting(STOPPED_SETTING(desired.project));
    }
    if (plan.ops.length === 0) {
      // Still under the lock with a fresh observation: drop records an interrupted run left stale.
      pruneStaleOwnership(store, prepared.observed);
      return { kind: "converged", plan, recovered, observed: prepared.observed };
    }

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
      projectEvent(
        plan.project,
        correlationId,
        "planned",
        "info",
        `plan ${plan.hash.slice(0, 12)}: ${plan.ops.length} operation(s)`,
        { planId, hash: plan.hash },
      ),
    );
    const caps = await runtime.capabilities();
    const started = Date.now();
    const result = await executePlan(plan, {
      runtime,
      journal: store,
      planId,
      correlationId,
      secretValues: prepared.secrets.values,
      requireDigest: desired.imagePolicy === "require-digest",
      parallelism: opts.parallelism,
      awaitCondition: makeAwaitCondition(runtime, desired, !caps.containerAddressReachable),
      emit,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.onPullProgress ? { onPullProgress: opts.onPullProgress } : {}),
      ...(opts.boundary ? { boundary: opts.boundary } : {}),
    });
    const rollbacks =
      result.ok || result.runtimeUnavailable
        ? []
        : await rollBackFailedUpdates({
            store,
            runtime,
            env: opts.env,
            desired,
            plan,
            result,
            observedBefore: prepared.observed,
            secretDigests: prepared.secrets.digests,
            emit,
            exec: {
              runtime,
              journal: store,
              correlationId,
              parallelism: opts.parallelism,
              emit,
              ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
              ...(opts.boundary ? { boundary: opts.boundary } : {}),
            },
          });
    const after = result.runtimeUnavailable ? prepared.observed : await runtime.observe(desired.project);
    if (!result.runtimeUnavailable) pruneStaleOwnership(store, after);
    return {
      kind: "applied",
      plan,
      result,
      tookMs: Date.now() - started,
      recovered,
      correlationId,
      observed: after,
      rollbacks,
    };
  } finally {
    lock.release();
  }
}

export function projectEvent(
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
