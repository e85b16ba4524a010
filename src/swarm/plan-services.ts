/**
 * The pure planner for Swarm services: desired services + one cluster observation + the store's
 * ownership records → create / update / remove operations with typed reasons. A service whose
 * spec-hash label equals the hash of the body we would send is left alone, so re-applying changes
 * nothing (service versions stay as they are). A service with our name that we cannot prove is
 * ours (labels AND a store record) is never touched: it blocks, with a hint.
 */
import type { ClusterObservation, ClusterService } from "../cluster/index.js";
import { canonicalJson, compareCodeUnits, type Desired, sha256Hex } from "../core/index.js";
import { SWARM_SPEC_HASH_LABEL, serviceBody, swarmServiceName } from "../runtime/swarm/index.js";
import type { ObservedFileObject } from "./plan-file-objects.js";
import { planServiceFiles, type SwarmFileContent } from "./plan-service-files.js";
import type { SwarmBlock, SwarmOp, SwarmPlan } from "./swarm-plan-types.js";

/** What the planner reads of the store's ownership records. */
export interface SwarmOwnershipView {
  /** kind "service" / "network" record for a runtime name; runtimeId when confirmed. */
  record(
    kind: "service" | "network" | "secret" | "config",
    name: string,
  ): { state: string; runtimeId?: string | null } | undefined;
}

export interface SwarmPlanInput {
  desired: Desired;
  observation: ClusterObservation;
  ownerId: string;
  ownership: SwarmOwnershipView;
  /** Overlay networks that exist: runtime name → carries our labels. */
  networks: ReadonlyMap<string, { owned: boolean }>;
  /** Services the daemon has failed over: service → the node it runs on instead. */
  failovers?: Readonly<Record<string, string>>;
  /** The project's secrets/configs (listed by name prefix and project label). */
  fileObjects?: readonly ObservedFileObject[];
  /** Content of the services' files: (resolved by the flow). */
  fileContent?: SwarmFileContent;
}

/** The declared networks' runtime names (the project default when none are declared). */
export function projectNetworks(desired: Desired): { declared: string; name: string }[] {
  const nets = desired.networks ?? { default: undefined };
  return Object.keys(nets)
    .sort(compareCodeUnits)
    .map((declared) => ({
      declared,
      name: desired.networks?.[declared]?.runtimeName ?? `${desired.project}_${declared}`,
    }));
}

/** Ours to change: our labels on the service AND a store record (confirmed with this id, or intended by a crashed run). */
export function provablyOwned(s: ClusterService, ownership: SwarmOwnershipView): boolean {
  if (!s.owned) return false;
  const rec = ownership.record("service", s.name);
  if (!rec) return false;
  return rec.state === "intended" || rec.runtimeId === s.id;
}

function notOwnedBlock(service: string, name: string, what: "service" | "network"): SwarmBlock {
  return {
    service,
    name,
    code: "not-owned",
    reason: `a swarm ${what} named ${name} exists and is not owned by this project`,
    hint: `remove or rename it (\`docker ${what} rm ${name}\`), or choose another project name: hostwright never touches a ${what} it cannot prove it created`,
  };
}

export function planSwarmServices(input: SwarmPlanInput): SwarmPlan {
  const { desired, observation } = input;
  const project = desired.project;
  const ops: SwarmOp[] = [];
  const blocked: SwarmBlock[] = [];
  const unchanged: string[] = [];
  const bodies: Record<string, Record<string, unknown>> = {};
  const networkNames: Record<string, string> = {};
  const foreignNetworks = new Set<string>();
  for (const n of projectNetworks(desired)) {
    networkNames[n.declared] = n.name;
    const existing = input.networks.get(n.name);
    if (existing === undefined) ops.push({ kind: "ensure-network", name: n.name, declared: n.declared });
    else if (!existing.owned || !input.ownership.record("network", n.name)) {
      blocked.push(notOwnedBlock("*", n.name, "network"));
      foreignNetworks.add(n.declared);
    }
  }
  const volumeNames = Object.fromEntries(
    Object.entries(desired.volumes).map(([k, v]) => [k, v.runtimeName ?? `${project}_${k}`]),
  );
  const observed = new Map(observation.services.map((s) => [s.name, s]));
  const declared = new Set<string>();
  const files = planServiceFiles(
    desired,
    input.ownerId,
    input.fileContent ?? new Map(),
    input.fileObjects ?? [],
    (kind, name) => input.ownership.record(kind, name) !== undefined,
  );
  ops.push(...files.ops);
  blocked.push(...files.blocked);
  for (const s of desired.services) {
    const name = swarmServiceName(project, s.name);
    declared.add(name);
    // Its secret/config name is held by someone else's object: the service is not planned.
    if (files.blockedServices.has(s.name)) continue;
    const fileRefs = files.refsFor(s);
    const failoverTo = input.failovers?.[s.name];
    const { hash, body } = serviceBody({
      project,
      ownerId: input.ownerId,
      service: s,
      networkNames,
      volumeNames,
      ...(failoverTo ? { failoverNodes: [failoverTo] } : {}),
      ...(fileRefs ? { fileRefs } : {}),
    });
    const current = observed.get(name);
    // A service on a network we may not use would join someone else's network: not planned at all.
    const foreign = (s.networks ?? [{ name: "default" }]).find((n) => foreignNetworks.has(n.name));
    if (foreign) {
      blocked.push({
        service: s.name,
        name,
        code: "not-owned",
        reason: `its network ${networkNames[foreign.name]} is not owned by this project`,
        hint: "see the network's own entry",
      });
      continue;
    }
    bodies[name] = body;
    if (!current) {
      ops.push({ kind: "create-service", service: s.name, name, hash, reason: { code: "missing" } });
      continue;
    }
    if (!provablyOwned(current, input.ownership)) {
      blocked.push(notOwnedBlock(s.name, name, "service"));
      continue;
    }
    const had = current.labels[SWARM_SPEC_HASH_LABEL] ?? "";
    if (had === hash) {
      unchanged.push(name);
      continue;
    }
    const wasFailedOver =
      (current.constraints ?? []).some((c) => c.startsWith("node.hostname==")) &&
      !(current.constraints ?? []).includes(`node.hostname==${s.placement?.nodes[0] ?? ""}`);
    const reason = failoverTo
      ? ({ code: "failover", to: failoverTo } as const)
      : wasFailedOver && s.placement?.nodes.length === 1
        ? ({ code: "failback" } as const)
        : ({ code: "spec-changed", fromHash: had, toHash: hash } as const);
    ops.push({
      kind: "update-service",
      service: s.name,
      name,
      id: current.id,
      versionIndex: current.versionIndex,
      hash,
      reason,
    });
  }
  for (const s of observation.services) {
    if (declared.has(s.name) || !provablyOwned(s, input.ownership)) continue;
    ops.push({
      kind: "remove-service",
      ...(s.service ? { service: s.service } : {}),
      name: s.name,
      id: s.id,
      reason: { code: "not-declared" },
    });
  }
  return finishPlan(project, ops, blocked, unchanged.sort(compareCodeUnits), bodies, {
    fileCreates: files.fileCreates,
    fileIds: files.fileIds,
  });
}

/** `down`: every provably owned service, then the owned secrets/configs and networks. */
export function planSwarmDown(
  input: Omit<SwarmPlanInput, "desired" | "failovers"> & { project: string },
): SwarmPlan {
  const ops: SwarmOp[] = [];
  for (const s of input.observation.services) {
    if (!provablyOwned(s, input.ownership)) continue;
    ops.push({
      kind: "remove-service",
      ...(s.service ? { service: s.service } : {}),
      name: s.name,
      id: s.id,
      reason: { code: "down" },
    });
  }
  for (const o of input.fileObjects ?? []) {
    if (!o.labelled || !input.ownership.record(o.kind, o.name)) continue;
    ops.push({
      kind: o.kind === "secret" ? "remove-secret" : "remove-config",
      name: o.name,
      id: o.id,
      reason: { code: "down" },
    });
  }
  for (const [name, n] of [...input.networks].sort(([a], [b]) => compareCodeUnits(a, b))) {
    if (n.owned && input.ownership.record("network", name)) ops.push({ kind: "remove-network", name });
  }
  return finishPlan(input.project, ops, [], [], {}, { fileCreates: {}, fileIds: {} });
}

const OP_ORDER: Record<SwarmOp["kind"], number> = {
  "ensure-network": 0,
  // A service body references its secrets/configs: they exist before it, and go after it.
  "create-config": 1,
  "create-secret": 1,
  "create-service": 2,
  "update-service": 3,
  "remove-service": 4,
  "remove-config": 5,
  "remove-secret": 5,
  "remove-network": 6,
};

function finishPlan(
  project: string,
  ops: SwarmOp[],
  blocked: SwarmBlock[],
  unchanged: string[],
  bodies: SwarmPlan["bodies"],
  files: Pick<SwarmPlan, "fileCreates" | "fileIds">,
): SwarmPlan {
  const sorted = [...ops].sort(
    (a, b) =>
      OP_ORDER[a.kind] - OP_ORDER[b.kind] ||
      compareCodeUnits(a.kind, b.kind) ||
      compareCodeUnits(a.name, b.name),
  );
  const blocks = [...blocked].sort(
    (a, b) => compareCodeUnits(a.name, b.name) || compareCodeUnits(a.service, b.service),
  );
  const hash = sha256Hex(canonicalJson({ project, ops: sorted, blocked: blocks }));
  return { project, ops: sorted, blocked: blocks, unchanged, hash, bodies, ...files };
}
