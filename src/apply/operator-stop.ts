/**
 * `hostwright stop` / `start`: an operator stop that the daemon's restart policy respects
 * (unless-stopped and every other policy leave an operator-stopped container alone until `start`
 * or an explicit `apply`). Only owned containers are touched, through plan → executor, so every
 * stop and start is journaled as intent before the call (an interrupted stop is recovered).
 */
import type { RuntimeAdapter } from "../core/index.js";
import { operatorTargets, planOperatorAction } from "../reconcile/index.js";
import { getProjectState, type Store, setProjectState } from "../store/index.js";
import { executeProjectPlan } from "./execute.js";
import { prepareFlow, projectEvent } from "./prepare.js";
import { ownershipView } from "./project-plan.js";

export interface OperatorOutcome {
  /** The owned containers the action was about. */
  containers: string[];
  ok: boolean;
  failed: string[];
}

export async function operatorStopStart(
  store: Store,
  runtime: RuntimeAdapter,
  project: string,
  service: string | undefined,
  action: "stop" | "start",
  graceMs: (service: string) => number,
): Promise<OperatorOutcome> {
  const flow = await prepareFlow(project, { store, runtime, lockPurpose: action, lockTimeoutMs: 10_000 });
  try {
    const observed = await runtime.observe(project);
    const ownership = ownershipView(store, project);
    const targets = operatorTargets({ project, observed, ownership, ...(service ? { service } : {}) });
    const plan = planOperatorAction({
      project,
      observed,
      ownership,
      action,
      graceMs,
      ...(service ? { service } : {}),
    });
    const marks = new Set(getProjectState(store, project, "stopped") ?? []);
    // Recorded before the stops run: the daemon must not restart a container while it stops.
    if (action === "stop") for (const n of targets) marks.add(n);
    setProjectState(store, project, "stopped", [...marks].sort());
    let failed: string[] = [];
    if (plan.ops.length > 0) {
      const { result } = await executeProjectPlan(plan, {
        store,
        runtime,
        kind: "operator",
        correlationId: flow.correlationId,
        emit: flow.emit,
        parallelism: 8,
      });
      failed = result.results
        .filter((r) => r.outcome === "failed")
        .map((r) => ("name" in r.op ? r.op.name : r.op.target));
    }
    if (action === "start") {
      for (const n of targets) if (!failed.includes(n)) marks.delete(n);
      setProjectState(store, project, "stopped", [...marks].sort());
    }
    flow.emit({
      ...projectEvent(
        project,
        "operator",
        "info",
        "info",
        `${action === "stop" ? "stopped by operator" : "started by operator"}: ${targets.join(", ") || "nothing owned matched"}`,
      ),
      ...(service ? { service } : {}),
    });
    return { containers: targets, ok: failed.length === 0, failed };
  } finally {
    flow.release();
  }
}
