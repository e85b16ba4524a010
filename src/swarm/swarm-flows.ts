/**
 * The swarm flows shared by the CLI and the daemon: plan (dry), apply and down for Swarm services,
 * each under the project lock, with one observation, the pure planner and the journalled executor.
 * Fields Swarm cannot honour are refused before anything changes.
 */
import { randomUUID } from "node:crypto";
import { resolveSecrets } from "../apply/resolve-secrets.js";
import type { ClusterObservation } from "../cluster/index.js";
import {
  type Desired,
  ExitCode,
  HwError,
  type HwEvent,
  isHwError,
  Labels,
  RuntimeErrorCode,
} from "../core/index.js";
import { FILE_VALUE_PREFIX } from "../reconcile/index.js";
import { observeCluster, type SwarmApi, swarmUnsupportedFields } from "../runtime/swarm/index.js";
import { listFileObjects } from "../runtime/swarm/swarm-file-api.js";
import { SWARM_FILE_LABEL } from "../runtime/swarm/swarm-file-objects.js";
import type { Store } from "../store/index.js";
import { executeSwarmPlan, type SwarmOpResult } from "./execute-swarm-plan.js";
import { failoversOf, locationsOf } from "./failover-plan.js";
import type { ObservedFileObject } from "./plan-file-objects.js";
import type { SwarmFileContent } from "./plan-service-files.js";
import {
  planSwarmDown,
  planSwarmServices,
  projectNetworks,
  type SwarmOwnershipView,
} from "./plan-services.js";
import type { SwarmOp, SwarmPlan } from "./swarm-plan-types.js";

/** Keep only the named services' operations (networks stay: a moved service needs them). */
function restrictPlan(plan: SwarmPlan, services: readonly string[]): SwarmPlan {
  const ops = plan.ops.filter(
    (o) =>
      o.kind === "ensure-network" ||
      o.kind === "create-secret" ||
      o.kind === "create-config" ||
      ("service" in o && o.service !== undefined && services.includes(o.service)),
  );
  return { ...plan, ops, blocked: plan.blocked.filter((b) => services.includes(b.service)) };
}

export interface SwarmFlowOptions {
  store: Store;
  api: SwarmApi;
  lockTimeoutMs?: number;
  /** Services on a failover node: service → node (default: read from the services' constraints). */
  failovers?: Readonly<Record<string, string>>;
  /** Only these services' operations (a failover moves one service, nothing else). */
  restrictTo?: readonly string[];
  emit?: (e: HwEvent) => void;
  onPlan?: (plan: SwarmPlan) => void;
  onProgress?: (op: SwarmOp, status: "started" | "done" | "failed", message?: string) => void;
  correlationId?: string;
  /** Crash-test hook at every operation boundary (see SwarmExecuteDeps.boundary). */
  boundary?: (op: SwarmOp, point: "before-call" | "after-call") => void;
}

export interface SwarmApplyOutcome {
  plan: SwarmPlan;
  results: SwarmOpResult[];
  ok: boolean;
  observation: ClusterObservation;
}

/** Refuses every field Swarm cannot honour, all at once, naming service and field. */
export function assertSwarmSupports(desired: Desired): void {
  const problems = desired.services.flatMap((s) =>
    swarmUnsupportedFields(s).map((p) => `services.${s.name}.${p.field}: ${p.reason}`),
  );
  if (problems.length === 0) return;
  throw new HwError(RuntimeErrorCode.unsupported, problems.join("; "), {
    exitCode: ExitCode.invalidManifest,
    hint: "remove or change these fields for --runtime swarm (docs/runtimes.md lists what swarm honours)",
  });
}

function ownershipOf(store: Store): SwarmOwnershipView {
  return { record: (kind, name) => store.ownership(kind, name) };
}

async function observeAll(
  api: SwarmApi,
  store: Store,
  project: string,
  networkNames: readonly string[],
): Promise<{
  observation: ClusterObservation;
  networks: Map<string, { owned: boolean }>;
  fileObjects: ObservedFileObject[];
}> {
  const [observation, nets, secrets, configs] = await Promise.all([
    observeCluster(api, project, store.ownerId),
    api.listNetworks(networkNames),
    listFileObjects(api.client, "secret", project),
    listFileObjects(api.client, "config", project),
  ]);
  const ours = (labels: Record<string, string> | undefined) =>
    labels?.[Labels.project] === project &&
    labels?.[Labels.owner] === store.ownerId &&
    labels?.[SWARM_FILE_LABEL] !== undefined;
  const fileObjects = [
    ...secrets.map((o) => ({ kind: "secret" as const, o })),
    ...configs.map((o) => ({ kind: "config" as const, o })),
  ].map(({ kind, o }) => ({ kind, name: o.Spec.Name, id: o.ID, labelled: ours(o.Spec.Labels) }));
  const networks = new Map(
    nets.map((n) => [
      n.Name,
      { owned: n.Labels?.[Labels.project] === project && n.Labels?.[Labels.owner] === store.ownerId },
    ]),
  );
  return { observation, networks, fileObjects };
}

/**
 * The services' files: content, read with the code the docker path uses (file, inline content or
 * environment variable). In memory only: it reaches the create bodies and nothing else.
 */
async function fileContentOf(desired: Desired, ownerId: string): Promise<SwarmFileContent> {
  const withFiles = desired.services.filter((s) => s.files?.length);
  if (withFiles.length === 0) return new Map();
  const resolved = await resolveSecrets(withFiles, ownerId, process.env);
  return new Map(
    withFiles.map((s) => [
      s.name,
      new Map(
        (s.files ?? []).map((f) => [
          f.name,
          Buffer.from(resolved.values[s.name]?.[`${FILE_VALUE_PREFIX}${f.target}`] ?? "", "utf8"),
        ]),
      ),
    ]),
  );
}

/** Operations a crashed run began and never finished: the fresh observation re-plans them. */
function resolveInterrupted(store: Store, project: string): void {
  for (const op of store.unfinishedOperations(project)) {
    if (!op.kind.startsWith("swarm-")) continue;
    store.resolveOperation(op.id, {
      resolution: "replanned",
      note: "interrupted; the next swarm plan observes again",
    });
  }
}

/**
 * A run that died after creating or updating a service left an intended record; the labels and
 * the matching spec hash proved it ours and as declared (plan.unchanged): confirm the record now.
 */
function adoptInterrupted(store: Store, plan: SwarmPlan, observation: ClusterObservation): void {
  for (const name of plan.unchanged) {
    const rec = store.ownership("service", name);
    const s = observation.services.find((x) => x.name === name);
    if (rec?.state === "intended" && s) store.confirmOwnership("service", name, { runtimeId: s.id });
  }
}

/** The plan an apply would run now (no lock, nothing changes). */
export async function planSwarm(
  desired: Desired,
  opts: Pick<SwarmFlowOptions, "store" | "api" | "failovers" | "restrictTo">,
) {
  assertSwarmSupports(desired);
  const nets = projectNetworks(desired).map((n) => n.name);
  const [{ observation, networks, fileObjects }, fileContent] = await Promise.all([
    observeAll(opts.api, opts.store, desired.project, nets),
    fileContentOf(desired, opts.store.ownerId),
  ]);
  const plan = planSwarmServices({
    fileObjects,
    fileContent,
    desired,
    observation,
    ownerId: opts.store.ownerId,
    ownership: ownershipOf(opts.store),
    networks,
    // A service the daemon failed over stays there until the daemon moves it back.
    failovers: opts.failovers ?? failoversOf(locationsOf(desired, observation)),
  });
  return { plan: opts.restrictTo ? restrictPlan(plan, opts.restrictTo) : plan, observation };
}

async function runPlan(
  plan: SwarmPlan,
  kind: "apply" | "down",
  opts: SwarmFlowOptions,
  correlationId: string,
  emit: (e: HwEvent) => void,
): Promise<SwarmOpResult[]> {
  if (plan.ops.length === 0) return [];
  const planId = randomUUID();
  // The bodies stay in memory: the create bodies hold secret content.
  const { bodies: _bodies, fileCreates: _creates, fileIds: _ids, ...stored } = plan;
  opts.store.savePlan({
    id: planId,
    project: plan.project,
    hash: plan.hash,
    correlationId,
    kind,
    body: stored,
  });
  return executeSwarmPlan(plan, {
    api: opts.api,
    journal: opts.store,
    planId,
    correlationId,
    emit,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.boundary ? { boundary: opts.boundary } : {}),
  });
}

function emitter(opts: SwarmFlowOptions): (e: HwEvent) => void {
  return (e) => {
    opts.store.appendEvent(e);
    opts.emit?.(e);
  };
}

export async function applySwarm(desired: Desired, opts: SwarmFlowOptions): Promise<SwarmApplyOutcome> {
  assertSwarmSupports(desired);
  const lock = await opts.store.acquireLock(
    desired.project,
    { purpose: "apply" },
    { timeoutMs: opts.lockTimeoutMs ?? 0 },
  );
  const correlationId = opts.correlationId ?? randomUUID();
  const emit = emitter(opts);
  try {
    resolveInterrupted(opts.store, desired.project);
    const { plan, observation } = await planSwarm(desired, opts);
    opts.onPlan?.(plan);
    opts.store.saveDesired({
      project: desired.project,
      canonical: desired.canonical,
      hash: desired.hash,
      sourcePath: desired.sourcePath,
    });
    adoptInterrupted(opts.store, plan, observation);
    const results = await runPlan(plan, "apply", opts, correlationId, emit);
    const ok = plan.blocked.length === 0 && results.every((r) => r.outcome === "done");
    return { plan, results, ok, observation };
  } finally {
    lock.release();
  }
}

/** Removes only what is provably ours: owned services, then owned secrets/configs and overlay networks. */
export async function downSwarm(
  project: string,
  desired: Desired | undefined,
  opts: SwarmFlowOptions,
): Promise<SwarmApplyOutcome> {
  const lock = await opts.store.acquireLock(
    project,
    { purpose: "down" },
    { timeoutMs: opts.lockTimeoutMs ?? 0 },
  );
  const correlationId = opts.correlationId ?? randomUUID();
  try {
    resolveInterrupted(opts.store, project);
    const recorded = opts.store.ownedResources(project, "network").map((r) => r.name);
    const declared = desired ? projectNetworks(desired).map((n) => n.name) : [];
    const names = [...new Set([...recorded, ...declared])];
    const { observation, networks, fileObjects } = await observeAll(opts.api, opts.store, project, names);
    const plan = planSwarmDown({
      fileObjects,
      project,
      observation,
      ownerId: opts.store.ownerId,
      ownership: ownershipOf(opts.store),
      networks,
    });
    opts.onPlan?.(plan);
    const services = plan.ops.filter((o) => o.kind === "remove-service");
    const rest = plan.ops.filter((o) => o.kind !== "remove-service");
    // A network is removable only once the services' tasks have left it: services first, then wait.
    const results = await runPlan({ ...plan, ops: services }, "down", opts, correlationId, emitter(opts));
    if (rest.length > 0) {
      await waitForTasksGone(
        opts.api,
        services.map((s) => ("id" in s ? s.id : "")),
      );
      results.push(...(await runPlan({ ...plan, ops: rest }, "down", opts, correlationId, emitter(opts))));
    }
    return { plan, results, ok: results.every((r) => r.outcome === "done"), observation };
  } finally {
    lock.release();
  }
}

/** Tasks of removed services linger while their containers stop; their network endpoints with them. */
async function waitForTasksGone(api: SwarmApi, serviceIds: string[]): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const tasks = await api.listTasks(serviceIds).catch((err: unknown) => {
      // The manager forgets a removed service's id once its tasks are gone.
      if (isHwError(err) && err.code === RuntimeErrorCode.notFound) return [];
      throw err;
    });
    if (tasks.length === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}
