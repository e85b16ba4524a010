/**
 * planConvergence: diff + policy → an ordered DAG of operations, each with a typed reason. Pure.
 * Named stages, in order: blocks (clashes, foreign networks/volumes, and their dependents),
 * prerequisites (network, volumes, images), then per service in dependency order its gates and
 * convergence, then removals (scale-down, orphans, leftovers).
 */
import { compareCodeUnits, Labels, type ObservedContainer } from "../core/index.js";
import { diffProject, type InstanceDiff } from "./diff.js";
import { OpBuilder } from "./op-builder.js";
import { DependencyGates } from "./plan-gates.js";
import { planHash } from "./plan-hash.js";
import type { PlanInput } from "./plan-input.js";
import { planPrerequisites } from "./plan-prerequisites.js";
import { removeContainer } from "./plan-removals.js";
import { planService } from "./plan-service.js";
import type { Plan, ServiceChange } from "./plan-types.js";
import { foreignResourceBlocks } from "./resource-clashes.js";
import { dependencyOrder, dependentsOf } from "./topo-order.js";

export function planConvergence(input: PlanInput): Plan {
  const { desired, observed } = input;
  const diff = diffProject(input);
  const b = new OpBuilder();
  const blocked = new Map(diff.blocked);
  for (const [service, reason] of foreignResourceBlocks(desired, observed, input.ownership)) {
    if (!blocked.has(service)) blocked.set(service, reason);
  }
  for (const [service, reason] of [...blocked]) {
    for (const dep of dependentsOf(desired.services, service)) {
      if (!blocked.has(dep)) blocked.set(dep, `depends on blocked service ${service} (${reason})`);
    }
  }
  const byService = groupBy(diff.instances, (d) => d.instance.service);
  const changes: ServiceChange[] = [];

  const creating = diff.instances.filter(
    (d) => !blocked.has(d.instance.service) && (d.status === "missing" || d.status === "modified"),
  );
  const prereqs = planPrerequisites(b, input, creating);
  const gates = new DependencyGates(b, byService, desired.services, blocked);

  for (const spec of dependencyOrder(desired.services)) {
    const reason = blocked.get(spec.name);
    if (reason) {
      changes.push({ service: spec.name, action: "blocked", detail: reason });
      continue;
    }
    const instances = byService.get(spec.name) ?? [];
    const change = planService(b, spec, instances, {
      prereqs: prereqs(spec),
      depGates: gates.forService(
        spec,
        instances.some((d) => d.status !== "ok"),
      ),
      startOps: gates.startOps,
      runtime: input.runtime,
    });
    const extras = diff.extras.filter((c) => serviceOf(c) === spec.name);
    for (const c of extras) {
      removeContainer(b, c, {
        service: spec.name,
        reason: { kind: "scale-down", replicas: spec.replicas },
        graceMs: spec.stopGracePeriodMs,
      });
    }
    if (extras.length > 0) {
      change.action = change.action === "unchanged" ? "scale" : change.action;
      change.detail = [change.detail, `remove ${extras.length} extra replica(s)`]
        .filter((s) => s !== "in sync")
        .join("; ");
    }
    changes.push(change);
  }
  for (const c of diff.orphans) {
    const service = serviceOf(c);
    // The orphan's own declared grace, from the last revision that declared it.
    const grace = input.history?.find((h) => h.name === service)?.stopGracePeriodMs ?? 10_000;
    removeContainer(b, c, { service, reason: { kind: "orphan" }, graceMs: grace });
  }
  for (const service of [...new Set(diff.orphans.map(serviceOf))].sort()) {
    changes.push({ service, action: "remove", detail: "no longer declared" });
  }
  for (const c of diff.leftovers) {
    // A leftover's service is declared (else it is an orphan): its declared grace applies.
    const service = serviceOf(c);
    const grace = desired.services.find((s) => s.name === service)?.stopGracePeriodMs ?? 10_000;
    removeContainer(b, c, { service, reason: { kind: "leftover" }, graceMs: grace });
  }

  // A failed build changes nothing: every op waits for every build (they come first).
  const buildIds = b.ops.filter((o) => o.kind === "ensure-image" && o.build).map((o) => o.id);
  for (const op of b.ops) {
    if (buildIds.length === 0 || buildIds.includes(op.id)) continue;
    op.dependsOn = [...new Set([...op.dependsOn, ...buildIds])].sort((x, y) => x - y);
  }
  const blockedList = [...blocked]
    .map(([service, reason]) => ({ service, reason }))
    .sort((x, y) => compareCodeUnits(x.service, y.service));
  const plan: Omit<Plan, "hash"> = {
    project: desired.project,
    desiredHash: desired.hash,
    observedAt: observed.takenAt,
    drift: diff.drift,
    services: changes.sort((x, y) => compareCodeUnits(x.service, y.service)),
    ops: b.ops,
    blocked: blockedList,
  };
  return { ...plan, hash: planHash(plan) };
}

function serviceOf(c: ObservedContainer): string {
  return c.labels[Labels.service] ?? "?";
}

function groupBy(
  items: readonly InstanceDiff[],
  key: (t: InstanceDiff) => string,
): Map<string, InstanceDiff[]> {
  const out = new Map<string, InstanceDiff[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}
