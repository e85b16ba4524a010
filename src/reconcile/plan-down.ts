/** planDown: remove every owned resource of a project, dependents before their dependencies. Pure. */
import { compareCodeUnits, Labels } from "../core/index.js";
import { OpBuilder } from "./op-builder.js";
import { containerProvenance, resourceOwned } from "./ownership.js";
import { planHash } from "./plan-hash.js";
import type { DownInput } from "./plan-input.js";
import { removeContainer } from "./plan-removals.js";
import type { Drift, Plan, ServiceChange } from "./plan-types.js";

export function planDown(input: DownInput): Plan {
  const { project, observed, ownership } = input;
  const b = new OpBuilder();
  const drift: Drift[] = [];
  const owned = observed.containers.filter((c) => {
    const prov = containerProvenance(c, project, ownership);
    if (!prov.owned) {
      drift.push({
        kind: "clash",
        service: c.labels[Labels.service] ?? "?",
        name: c.name,
        detail: `${c.name} is not touched: ${prov.reason}`,
      });
    }
    return prov.owned;
  });
  const byService = new Map<string, typeof owned>();
  for (const c of owned) {
    const s = c.labels[Labels.service] ?? "?";
    byService.set(s, [...(byService.get(s) ?? []), c]);
  }
  // Reverse dependency order: a service goes only after everything that depends on it.
  const removeOps = new Map<string, number[]>();
  const order = reverseDependencyOrder([...byService.keys()], input.dependsOn);
  for (const service of order) {
    const dependents = [...byService.keys()].filter((s) => (input.dependsOn[s] ?? []).includes(service));
    const after = dependents.flatMap((s) => removeOps.get(s) ?? []);
    const ids: number[] = [];
    for (const c of (byService.get(service) ?? []).sort((x, y) => compareCodeUnits(x.name, y.name))) {
      ids.push(
        removeContainer(b, c, {
          service,
          reason: { kind: "down" },
          graceMs: input.stopGraceMs?.[service] ?? 10_000,
          dependsOn: after,
        }),
      );
    }
    removeOps.set(service, ids);
  }
  const allRemoves = [...removeOps.values()].flat();
  for (const n of observed.networks) {
    if (resourceOwned(n.labels, project, ownership.networks, n.name, ownership.ownerId)) {
      b.add({
        kind: "remove-network",
        target: `network:${n.name}`,
        group: `network:${n.name}`,
        name: n.name,
        reason: { kind: "down" },
        dependsOn: allRemoves,
      });
    }
  }
  for (const v of observed.volumes) {
    if (!resourceOwned(v.labels, project, ownership.volumes, v.name, ownership.ownerId)) continue;
    if (input.removeVolumes || input.deleteVolumes.has(v.name)) {
      b.add({
        kind: "remove-volume",
        target: `volume:${v.name}`,
        group: `volume:${v.name}`,
        name: v.name,
        reason: { kind: "down", volumes: input.removeVolumes ? "flag" : "reclaim-policy" },
        dependsOn: allRemoves,
      });
    }
  }
  const services: ServiceChange[] = order
    .sort()
    .map((service) => ({ service, action: "remove", detail: "down" }));
  const plan = {
    project,
    desiredHash: "",
    observedAt: observed.takenAt,
    drift,
    services,
    ops: b.ops,
    blocked: [],
  };
  return { ...plan, hash: planHash(plan) };
}

function reverseDependencyOrder(services: string[], dependsOn: DownInput["dependsOn"]): string[] {
  const remaining = new Set(services);
  const out: string[] = [];
  while (remaining.size > 0) {
    // Next: services no remaining service depends on.
    const free = [...remaining]
      .filter((s) => ![...remaining].some((o) => (dependsOn[o] ?? []).includes(s)))
      .sort();
    const batch = free.length > 0 ? free : [...remaining].sort(); // a stale cycle must not hang down
    for (const s of batch) {
      remaining.delete(s);
      out.push(s);
    }
  }
  return out;
}
