/**
 * Carries out a swarm plan through the crash-safe intent journal: the intent (operation row and
 * ownership record) is durable BEFORE each Engine API call and the result is recorded right after.
 * A run that dies in between leaves an intended record and a labelled service, which the next run
 * proves ours (plan-services.ts provablyOwned) and re-plans. No decisions here.
 */
import { errorMessage, type HwEvent, isHwError, Labels } from "../core/index.js";
import type { OperationJournal } from "../reconcile/index.js";
import type { SwarmApi } from "../runtime/swarm/index.js";
import { renderSwarmOp } from "./render-swarm-plan.js";
import type { SwarmOp, SwarmPlan } from "./swarm-plan-types.js";

export interface SwarmOpResult {
  op: SwarmOp;
  outcome: "done" | "failed";
  error?: string;
  errorCode?: string;
}

export interface SwarmExecuteDeps {
  api: Pick<
    SwarmApi,
    "createService" | "updateService" | "removeService" | "createOverlayNetwork" | "removeNetwork"
  >;
  journal: OperationJournal;
  planId: string;
  correlationId: string;
  emit: (e: HwEvent) => void;
  onProgress?: (op: SwarmOp, status: "started" | "done" | "failed", message?: string) => void;
  /** Called with the intent durable ("before-call") and with the call returned but not recorded ("after-call"); only the crash test uses it. */
  boundary?: (op: SwarmOp, point: "before-call" | "after-call") => void;
}

/** The ownership intent, durable before the call. */
function intend(project: string, op: SwarmOp, journal: OperationJournal): void {
  if (op.kind === "ensure-network") journal.intendOwnership({ project, kind: "network", name: op.name });
  if (op.kind === "create-service" || op.kind === "update-service")
    journal.intendOwnership({
      project,
      kind: "service",
      name: op.name,
      service: op.service,
      specHash: op.hash,
    });
}

/** The one Engine API call of the operation; returns the runtime id when there is one. */
async function call(plan: SwarmPlan, op: SwarmOp, deps: SwarmExecuteDeps): Promise<string | undefined> {
  const { api, journal } = deps;
  switch (op.kind) {
    case "ensure-network":
      return api.createOverlayNetwork(op.name, networkLabels(plan.project, journal.ownerId, op.declared));
    case "create-service":
      return api.createService(bodyOf(plan, op.name));
    case "update-service":
      await api.updateService(op.id, op.versionIndex, bodyOf(plan, op.name));
      return op.id;
    case "remove-service":
      await api.removeService(op.id);
      return op.id;
    case "remove-network":
      await api.removeNetwork(op.name);
      return undefined;
  }
}

/** The result, recorded right after the call. */
function record(op: SwarmOp, runtimeId: string | undefined, journal: OperationJournal): void {
  if (op.kind === "ensure-network" && runtimeId) journal.confirmOwnership("network", op.name, { runtimeId });
  if ((op.kind === "create-service" || op.kind === "update-service") && runtimeId)
    journal.confirmOwnership("service", op.name, { runtimeId, specHash: op.hash });
  if (op.kind === "remove-service") journal.forgetOwnership("service", op.name);
  if (op.kind === "remove-network") journal.forgetOwnership("network", op.name);
}

async function runOp(plan: SwarmPlan, op: SwarmOp, deps: SwarmExecuteDeps): Promise<string | undefined> {
  intend(plan.project, op, deps.journal);
  deps.boundary?.(op, "before-call");
  const runtimeId = await call(plan, op, deps);
  deps.boundary?.(op, "after-call");
  record(op, runtimeId, deps.journal);
  return runtimeId;
}

function networkLabels(project: string, ownerId: string, declared: string): Record<string, string> {
  return {
    [Labels.managed]: "true",
    [Labels.project]: project,
    [Labels.owner]: ownerId,
    [Labels.resource]: declared,
  };
}

function bodyOf(plan: SwarmPlan, name: string): Record<string, unknown> {
  const body = plan.bodies[name];
  if (!body) throw new Error(`swarm plan has no service body for ${name}`);
  return body;
}

/** Networks before services; services one at a time (the manager serialises them anyway). */
export async function executeSwarmPlan(plan: SwarmPlan, deps: SwarmExecuteDeps): Promise<SwarmOpResult[]> {
  const results: SwarmOpResult[] = [];
  for (const [i, op] of plan.ops.entries()) {
    const text = renderSwarmOp(op);
    const rowId = deps.journal.beginOperation({
      planId: deps.planId,
      opId: `swarm-${i}`,
      project: plan.project,
      kind: `swarm-${op.kind}`,
      target: op.name,
      detail: op,
    });
    deps.onProgress?.(op, "started");
    const service = "service" in op && op.service ? { service: op.service } : {};
    try {
      const runtimeId = await runOp(plan, op, deps);
      deps.journal.finishOperation(rowId, { status: "done", ...(runtimeId ? { runtimeId } : {}) });
      results.push({ op, outcome: "done" });
      deps.onProgress?.(op, "done");
      deps.emit({
        type: "applied",
        severity: "info",
        project: plan.project,
        ...service,
        message: text.replace(/^[+~-] /, ""),
        timestamp: new Date().toISOString(),
        correlationId: deps.correlationId,
        data: { op: op.kind, name: op.name, ...("reason" in op ? { reason: op.reason } : {}) },
      });
    } catch (err) {
      const message = errorMessage(err);
      deps.journal.finishOperation(rowId, { status: "failed", error: message });
      results.push({
        op,
        outcome: "failed",
        error: message,
        ...(isHwError(err) ? { errorCode: err.code } : {}),
      });
      deps.onProgress?.(op, "failed", message);
      deps.emit({
        type: "failed",
        severity: "error",
        project: plan.project,
        ...service,
        message: `${text.replace(/^[+~-] /, "")}: ${message}`,
        timestamp: new Date().toISOString(),
        correlationId: deps.correlationId,
        data: { op: op.kind, name: op.name },
      });
    }
  }
  return results;
}
