/**
 * The down flow: prepare (lock, recover interrupted operations first), plan the removal of every
 * owned resource, record that plan as kind "down", execute it through the shared path, then
 * prune ownership records of what is gone. Volumes go only with --volumes or reclaimPolicy delete.
 */
import { type Desired, type HwEvent, Labels, type Observed, type RuntimeAdapter } from "../core/index.js";
import { type ApplyResult, type OpProgress, type Plan, planDown, volumeName } from "../reconcile/index.js";
import type { Store } from "../store/index.js";
import { executeProjectPlan } from "./execute.js";
import { prepareFlow } from "./prepare.js";
import { ownershipView } from "./project-plan.js";
import { pruneStaleOwnership } from "./prune-ownership.js";
import type { RecoveryItem } from "./recover.js";

export interface DownProjectOptions {
  store: Store;
  runtime: RuntimeAdapter;
  /** The declaration, when known: dependency order, stop graces, reclaim policies. */
  desired?: Desired;
  removeVolumes: boolean;
  lockTimeoutMs?: number;
  parallelism?: number;
  onPlan?: (plan: Plan) => void;
  onProgress?: (p: OpProgress) => void;
  emit?: (e: HwEvent) => void;
}

export interface DownProjectResult {
  plan: Plan;
  recovered: RecoveryItem[];
  /** Absent when there was nothing owned to remove. */
  result?: ApplyResult;
  tookMs: number;
  /** Owned volumes left in place (reclaimPolicy retain, no --volumes). */
  keptVolumes: string[];
  observed: Observed;
}

export async function downProject(project: string, opts: DownProjectOptions): Promise<DownProjectResult> {
  const { store, runtime, desired } = opts;
  const flow = await prepareFlow(project, {
    store,
    runtime,
    lockPurpose: "down",
    lockTimeoutMs: opts.lockTimeoutMs ?? 0,
    ...(opts.emit ? { emit: opts.emit } : {}),
  });
  try {
    const observed = await runtime.observe(project);
    const services = desired?.services ?? [];
    const plan = planDown({
      project,
      observed,
      ownership: ownershipView(store, project),
      dependsOn: Object.fromEntries(services.map((s) => [s.name, Object.keys(s.dependsOn)])),
      removeVolumes: opts.removeVolumes,
      stopGraceMs: Object.fromEntries(services.map((s) => [s.name, s.stopGracePeriodMs])),
      deleteVolumes: new Set(
        Object.values(desired?.volumes ?? {})
          .filter((v) => v.reclaimPolicy === "delete")
          .map((v) => volumeName(project, v.name)),
      ),
    });
    opts.onPlan?.(plan);
    const removed = new Set(plan.ops.flatMap((o) => (o.kind === "remove-volume" ? [o.name] : [])));
    const keptVolumes = observed.volumes
      .filter((v) => v.labels[Labels.project] === project && !removed.has(v.name))
      .map((v) => v.name);
    if (plan.ops.length === 0) {
      pruneStaleOwnership(store, observed);
      return { plan, recovered: flow.recovered, tookMs: 0, keptVolumes, observed };
    }
    const started = Date.now();
    const { result } = await executeProjectPlan(plan, {
      store,
      runtime,
      kind: "down",
      correlationId: flow.correlationId,
      emit: flow.emit,
      parallelism: opts.parallelism ?? 8,
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    const tookMs = Date.now() - started;
    const after = result.runtimeUnavailable ? observed : await runtime.observe(project);
    if (!result.runtimeUnavailable) pruneStaleOwnership(store, after);
    return { plan, recovered: flow.recovered, result, tookMs, keptVolumes, observed: after };
  } finally {
    flow.release();
  }
}
