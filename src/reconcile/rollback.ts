/**
 * Which failed updates may be rolled back automatically, and to what. Pure. A service qualifies
 * when its plan recreated it, an operation of it failed, `update.failureAction` is rollback, and
 * the spec its old containers ran is recorded (every resource involved is owned by construction:
 * the planner only ever recreates owned containers).
 */
import {
  containerName,
  type Desired,
  type InstanceSpec,
  instanceId,
  Labels,
  type Observed,
  type ServiceSpec,
} from "../core/index.js";
import type { ApplyResult } from "./executor.js";
import type { Plan } from "./plan-types.js";
import { instanceSpecHash } from "./spec-hash.js";

export type RollbackVerdict =
  | { service: string; rollback: true; previous: ServiceSpec; failedSpecHash: string }
  | { service: string; rollback: false; reason: string; previous?: ServiceSpec; failedSpecHash: string };

export function rollbackCandidates(input: {
  plan: Plan;
  result: ApplyResult;
  desired: Desired;
  /** The observation the plan was made from: the old containers' labels name their spec. */
  observedBefore: Observed;
  history: readonly ServiceSpec[];
  secretDigests: Readonly<Record<string, string>>;
}): RollbackVerdict[] {
  const out: RollbackVerdict[] = [];
  for (const change of input.plan.services) {
    if (change.action !== "recreate" || !input.result.failedServices.includes(change.service)) continue;
    const spec = input.desired.services.find((s) => s.name === change.service);
    if (!spec) continue;
    const digest = input.secretDigests[spec.name] ?? "";
    const oldHashes = new Set(
      input.observedBefore.containers
        .filter((c) => c.labels[Labels.service] === spec.name)
        .map((c) => c.labels[Labels.specHash]),
    );
    const previous = input.history.find(
      (h) =>
        h.name === spec.name &&
        h.specHash !== spec.specHash &&
        oldHashes.has(instanceSpecHash(h.specHash, digest)),
    );
    if (!previous) {
      out.push({
        service: spec.name,
        rollback: false,
        reason: "the spec its containers ran before is not recorded",
        failedSpecHash: spec.specHash,
      });
      continue;
    }
    if (spec.update.failureAction === "pause") {
      out.push({
        service: spec.name,
        rollback: false,
        reason: "update.failureAction is pause",
        previous,
        failedSpecHash: spec.specHash,
      });
      continue;
    }
    out.push({ service: spec.name, rollback: true, previous, failedSpecHash: spec.specHash });
  }
  return out;
}

/** The desired state with some services put back to earlier specs (instances rebuilt to match). */
export function withPreviousSpecs(desired: Desired, previous: readonly ServiceSpec[]): Desired {
  const byName = new Map(previous.map((s) => [s.name, s]));
  const services = desired.services.map((s) => byName.get(s.name) ?? s);
  const instances: InstanceSpec[] = services.flatMap((s) =>
    Array.from({ length: s.replicas }, (_, k) => ({
      project: desired.project,
      service: s.name,
      index: k + 1,
      id: instanceId(desired.project, s.name, k + 1),
      name: containerName(desired.project, s.name, k + 1),
      spec: s,
    })),
  );
  return { ...desired, services, instances };
}
