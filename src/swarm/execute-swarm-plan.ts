/**
 * Carries out a swarm plan through the crash-safe intent journal: the intent (operation row and
 * ownership record) is durable BEFORE each Engine API call and the result is recorded right after.
 * A run that dies in between leaves an intended record and a labelled service, which the next run
 * proves ours (plan-services.ts provablyOwned) and re-plans. No decisions here.
 */
import { errorMessage, type HwEvent, isHwError, Labels } from "../core/index.js";
import type { OperationJournal } from "../reconcile/index.js";
import type { SwarmApi } from "../runtime/swarm/index.js";
import { createFileObject, removeFileObject } from "../runtime/swarm/swarm-file-api.js";
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
    "createService" | "updateService" | "removeService" | "createOverlayNetwork" | "removeNetwork" | "client"
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
  if (op.kind === "create-secret" || op.kind === "create-config")
    journal.intendOwnership({ project, kind: fileKind(op), name: op.name });
}

function fileKind(op: { kind: `${string}-secret` | `${string}-config` }): "secret" | "config" {
  return op.kind.endsWith("-secret") ? "secret" : "config";
}

/** The one Engine API call of the operation; returns the runtime id when there is one. */
async function call(
  plan: SwarmPlan,
  op: SwarmOp,
  deps: SwarmExecuteDeps,
  ids: Map<string, string>,
): Promise<string | undefined> {
  const { api, journal } = deps;
  switch (op.kind) {
    case "create-secret":
    case "create-config": {
      const body = plan.fileCreates[op.name];
      if (!body) throw new Error(`swarm plan has no create body for ${op.name}`);
      const id = await createFileObject(api.client, fileKind(op), body);
      ids.set(op.name, id);
      return id;
    }
    case "remove-secret":
    case "remove-config":
      await removeFileObject(api.client, fileKind(op), op.id);
      return op.id;
    case "ensure-network":
      return api.createOverlayNetwork(op.name, networkLabels(plan.project, journal.ownerId, op.declared));
    case "create-service":
      return api.createService(bodyOf(plan, op.name, ids));
    case "update-service":
      await api.updateService(op.id, op.versionIndex, bodyOf(plan, op.name, ids));
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
  if ((op.kind === "create-secret" || op.kind === "create-config") && runtimeId)
    journal.confirmOwnership(fileKind(op), op.name, { runtimeId });
  if (op.kind === "remove-secret" || op.kind === "remove-config")
    journal.forgetOwnership(fileKind(op), op.name);
}

async function runOp(
  plan: SwarmPlan,
  op: SwarmOp,
  deps: SwarmExecuteDeps,
  ids: Map<string, string>,
): Promise<string | undefined> {
  intend(plan.project, op, deps.journal);
  deps.boundary?.(op, "before-call");
  const runtimeId = await call(plan, op, deps, ids);
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

/**
 * The body to send: the planned one (hashed with empty secret/config IDs) with the real IDs, of
 * objects that existed at planning or were created earlier in this run.
 */
function bodyOf(plan: SwarmPlan, name: string, ids: ReadonlyMap<string, string>): Record<string, unknown> {
  const body = plan.bodies[name];
  if (!body) throw new Error(`swarm plan has no service body for ${name}`);
  const template = body.TaskTemplate as { ContainerSpec?: Record<string, unknown> } | undefined;
  const spec = template?.ContainerSpec;
  if (!spec || (!spec.Secrets && !spec.Configs)) return body;
  const fill = (refs: unknown, idKey: string, nameKey: string) =>
    (refs as Record<string, unknown>[]).map((r) => {
      const n = r[nameKey] as string;
      const id = ids.get(n) ?? plan.fileIds[n];
      if (!id) throw new Error(`swarm object ${n} has no id (not created in this run)`);
      return { ...r, [idKey]: id };
    });
  const filled: Record<string, unknown> = { ...spec };
  if (spec.Secrets) filled.Secrets = fill(spec.Secrets, "SecretID", "SecretName");
  if (spec.Configs) filled.Configs = fill(spec.Configs, "ConfigID", "ConfigName");
  return { ...body, TaskTemplate: { ...template, ContainerSpec: filled } };
}

/** Networks before services; services one at a time (the manager serialises them anyway). */
export async function executeSwarmPlan(plan: SwarmPlan, deps: SwarmExecuteDeps): Promise<SwarmOpResult[]> {
  const results: SwarmOpResult[] = [];
  const ids = new Map<string, string>();
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
      const runtimeId = await runOp(plan, op, deps, ids);
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
