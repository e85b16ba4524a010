/**
 * The apply flow shared by `hostwright apply` and the daemon: prepare (lock, recover), plan against
 * a fresh observation, refuse a stale plan, persist the desired revision, execute, roll back failed
 * updates, prune stale ownership records, release the lock. `purpose` says who asks: an operator's
 * apply also clears the daemon's "rolled back" and "operator stopped" marks.
 */
import {
  type Desired,
  ExitCode,
  HwError,
  type HwEvent,
  type Observed,
  type RuntimeAdapter,
  type ServiceSpec,
} from "../core/index.js";
import { withImageOverrides } from "../images/index.js";
import { computeSpecHash } from "../manifest/index.js";
import {
  type ApplyResult,
  type ExecutorDeps,
  type OpProgress,
  type Plan,
  restrictPlan,
  withPreviousSpecs,
} from "../reconcile/index.js";
import { deleteProjectState, getProjectState, type Store } from "../store/index.js";
import { makeAwaitCondition } from "./await-condition.js";
import { executeProjectPlan } from "./execute.js";
import { type FlowPurpose, prepareFlow } from "./prepare.js";
import { preparePlan } from "./project-plan.js";
import { pruneStaleOwnership } from "./prune-ownership.js";
import type { RecoveryItem } from "./recover.js";
import { type RollbackOutcome, rollBackFailedUpdates } from "./rollback-flow.js";

export { projectEvent } from "./prepare.js";

export interface ApplyProjectOptions {
  store: Store;
  runtime: RuntimeAdapter;
  env: NodeJS.ProcessEnv;
  parallelism: number;
  lockTimeoutMs: number;
  purpose: FlowPurpose;
  /** Run the recorded recovery plan: the failed services back to their last good spec. */
  recovery?: boolean;
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
  | {
      kind: "converged";
      plan: Plan;
      recovered: RecoveryItem[];
      observed: Observed;
      /** With `recovery`: the services put back to their last good spec. */
      recoveredServices?: string[];
    }
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
      recoveredServices?: string[];
    };

export async function applyProject(
  declared: Desired,
  opts: ApplyProjectOptions,
): Promise<ApplyProjectResult> {
  const { store, runtime } = opts;
  const flow = await prepareFlow(declared.project, {
    store,
    runtime,
    lockPurpose: opts.purpose === "daemon" ? "daemon" : "apply",
    lockTimeoutMs: opts.lockTimeoutMs,
    ...(opts.correlationId ? { correlationId: opts.correlationId } : {}),
    ...(opts.emit ? { emit: opts.emit } : {}),
  });
  const { correlationId, recovered, emit } = flow;
  try {
    const recovery = opts.recovery ? recordedRecovery(store, declared.project) : undefined;
    const recoveryServices = recovery?.map((s) => s.name);
    // Auto-updated images (src/images): what runs stays what the daemon resolved, for every flow;
    // only the daemon's own pass also applies the update it is rolling out.
    const updates = getProjectState(store, declared.project, "imageUpdates");
    const resolved = withImageOverrides(
      declared,
      updates,
      opts.purpose === "daemon" ? "applied-or-pending" : "applied",
      computeSpecHash,
    );
    const desired = recovery ? withPreviousSpecs(resolved, recovery) : resolved;
    const prepared = await preparePlan(desired, store, runtime, opts.env, opts.unhealthy);
    let plan = recoveryServices ? restrictPlan(prepared.plan, new Set(recoveryServices)) : prepared.plan;
    if (opts.restrict) plan = opts.restrict(plan, prepared.observed);
    opts.onPlan?.(plan);
    if (opts.expectedHash && opts.expectedHash !== plan.hash) return { kind: "stale", plan, recovered };
    store.saveDesired({
      project: desired.project,
      canonical: desired.canonical,
      hash: desired.hash,
      sourcePath: desired.sourcePath,
    });
    // An operator's apply is the operator retrying: forget "rolled back, do not retry" marks, and
    // operator stops (an explicit apply converges to the manifest, which says "running").
    if (opts.purpose === "operator" && !recovery) {
      deleteProjectState(store, desired.project, "rolledBack");
      deleteProjectState(store, desired.project, "stopped");
    }
    const done = recoveryServices ? { recoveredServices: recoveryServices } : {};
    if (plan.ops.length === 0) {
      // Still under the lock with a fresh observation: drop records an interrupted run left stale.
      pruneStaleOwnership(store, prepared.observed);
      if (recovery) deleteProjectState(store, desired.project, "recoveryPlan");
      return { kind: "converged", plan, recovered, observed: prepared.observed, ...done };
    }

    const caps = await runtime.capabilities();
    const started = Date.now();
    const common = {
      store,
      runtime,
      correlationId,
      emit,
      parallelism: opts.parallelism,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      ...(opts.boundary ? { boundary: opts.boundary } : {}),
    };
    const { result } = await executeProjectPlan(plan, {
      ...common,
      kind: recovery ? "recovery" : "apply",
      secretValues: prepared.secrets.values,
      requireDigest: desired.imagePolicy === "require-digest",
      awaitCondition: makeAwaitCondition(runtime, desired, !caps.containerAddressReachable),
      ...(opts.onPullProgress ? { onPullProgress: opts.onPullProgress } : {}),
    });
    const rollbacks =
      result.ok || result.runtimeUnavailable || recovery
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
            exec: { ...common, journal: store },
          });
    if (recovery && result.ok) deleteProjectState(store, desired.project, "recoveryPlan");
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
      ...done,
    };
  } finally {
    flow.release();
  }
}

function recordedRecovery(store: Store, project: string): ServiceSpec[] {
  const rec = getProjectState(store, project, "recoveryPlan");
  if (!rec) {
    throw new HwError("HW-CLI-001", `no recovery plan is recorded for project ${project}`, {
      exitCode: ExitCode.usage,
      hint: "`hostwright plan` shows one when a failed update left one",
    });
  }
  return rec.specs;
}
