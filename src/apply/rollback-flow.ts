/**
 * After a failed update: roll the service back to the spec its containers ran before, through the
 * same planner and executor (start-first keeps the old container serving until the replacement is
 * up). Never roll back a rollback: if it fails too, stop and leave an explicit recovery plan.
 */
import type { Desired, HwEvent, Observed, RuntimeAdapter, ServiceSpec } from "../core/index.js";
import {
  type ApplyResult,
  type ExecutorDeps,
  executePlan,
  type Plan,
  planConvergence,
  planToJson,
  renderPlanText,
  restrictPlan,
  rollbackCandidates,
  withPreviousSpecs,
} from "../reconcile/index.js";
import {
  deleteProjectState,
  getProjectState,
  type ProjectStateShapes,
  type Store,
  setProjectState,
} from "../store/index.js";
import { makeAwaitCondition } from "./await-condition.js";
import { ownershipView, planRuntime, specHistory } from "./project-plan.js";
import { resolveSecrets } from "./resolve-secrets.js";

export interface RollbackOutcome {
  service: string;
  outcome: "rolled-back" | "rollback-failed" | "not-rolled-back";
  reason: string;
}

export interface RollbackContext {
  store: Store;
  runtime: RuntimeAdapter;
  env: NodeJS.ProcessEnv;
  desired: Desired;
  plan: Plan;
  result: ApplyResult;
  observedBefore: Observed;
  secretDigests: Record<string, string>;
  exec: Omit<ExecutorDeps, "planId" | "secretValues" | "awaitCondition" | "requireDigest">;
  emit: (e: HwEvent) => void;
}

export async function rollBackFailedUpdates(ctx: RollbackContext): Promise<RollbackOutcome[]> {
  const { store, desired } = ctx;
  const history = specHistory(store, desired.project);
  const verdicts = rollbackCandidates({ ...ctx, history });
  const outcomes: RollbackOutcome[] = [];
  const event = (type: HwEvent["type"], severity: HwEvent["severity"], service: string, message: string) =>
    ctx.emit({
      type,
      severity,
      project: desired.project,
      service,
      message,
      timestamp: new Date().toISOString(),
      correlationId: ctx.exec.correlationId,
    });

  const recovery: ServiceSpec[] = [];
  for (const v of verdicts) {
    if (v.rollback) continue;
    const way = v.previous
      ? "a recovery plan is recorded: see `hostwright plan`, run it with `hostwright apply --recovery`"
      : "fix the manifest and apply again";
    const reason = `update of ${v.service} failed and is not rolled back automatically: ${v.reason}; ${way}`;
    if (v.previous) recovery.push(v.previous);
    event("reconcile_blocked", "error", v.service, reason);
    outcomes.push({ service: v.service, outcome: "not-rolled-back", reason });
  }
  const go = verdicts.filter((v) => v.rollback);
  if (go.length === 0) {
    recordRecovery(store, desired.project, recovery, "a failed update was not rolled back automatically");
    return outcomes;
  }

  const back = withPreviousSpecs(
    desired,
    go.map((v) => v.previous),
  );
  const secrets = await resolveSecrets(back.services, store.ownerId, ctx.env);
  const caps = await ctx.runtime.capabilities();
  const full = planConvergence({
    desired: back,
    observed: await ctx.runtime.observe(desired.project),
    ownership: ownershipView(store, desired.project),
    secretDigests: secrets.digests,
    history,
    runtime: planRuntime(ctx.runtime),
  });
  const plan = restrictPlan(full, new Set(go.map((v) => v.service)));
  const planId = `${ctx.exec.correlationId}-rollback`;
  store.savePlan({
    id: planId,
    project: desired.project,
    hash: plan.hash,
    correlationId: ctx.exec.correlationId,
    kind: "recovery",
    body: planToJson(plan),
  });
  for (const v of go)
    event(
      "planned",
      "warning",
      v.service,
      `update of ${v.service} failed; rolling back to spec ${v.previous.specHash.slice(0, 12)}`,
    );
  const result = await executePlan(plan, {
    ...ctx.exec,
    planId,
    secretValues: secrets.values,
    requireDigest: back.imagePolicy === "require-digest",
    awaitCondition: makeAwaitCondition(ctx.runtime, back, !caps.containerAddressReachable),
  });
  const marks = getProjectState(store, desired.project, "rolledBack") ?? {};
  for (const v of go) {
    marks[v.service] = { failedSpecHash: v.failedSpecHash, at: new Date().toISOString() };
    if (!result.failedServices.includes(v.service)) {
      const reason = `update of ${v.service} failed; rolled back to its previous spec ${v.previous.specHash.slice(0, 12)}`;
      event("rolled_back", "warning", v.service, reason);
      outcomes.push({ service: v.service, outcome: "rolled-back", reason });
    } else {
      const reason = `rolling ${v.service} back failed too; a rollback is never rolled back. Recovery plan (run it with \`hostwright apply --recovery\`):\n${renderPlanText(plan)}`;
      recovery.push(v.previous);
      event("failed", "error", v.service, reason);
      outcomes.push({ service: v.service, outcome: "rollback-failed", reason });
    }
  }
  // The daemon will not retry a spec that was just rolled back; a new apply of any spec clears it.
  setProjectState(store, desired.project, "rolledBack", marks);
  recordRecovery(store, desired.project, recovery, "rolling back a failed update failed");
  return outcomes;
}

/** A failed update not rolled back; `specs` are what to converge these services back to. */
export type RecordedRecovery = ProjectStateShapes["recoveryPlan"];

function recordRecovery(store: Store, project: string, specs: ServiceSpec[], why: string): void {
  if (specs.length === 0) {
    deleteProjectState(store, project, "recoveryPlan");
    return;
  }
  const rec: RecordedRecovery = { at: new Date().toISOString(), why, specs };
  setProjectState(store, project, "recoveryPlan", rec);
}
