/** planDown: remove every owned resource of a project, dependents before their dependencies. Pure. */
import { compareCodeUnits, Labels } from "../core/index.js";
import { OpBuilder } from "./op-builder.js";
import { containerProvenance, resourceOwned } from "./ownership.js";
import { planHash } from "./plan-hash.js";
import type { DownInput } from "./plan-input.js";
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
      const running = c.state === "running" || c.state === "restarting" || c.state === "paused";
      const stop = running
        ? [
            b.add({
              kind: "stop",
              target: `container:${c.name}`,
              service,
              name: c.name,
              runtimeId: c.id,
              graceMs: input.stopGraceMs?.[service] ?? 10_000,
              cause: "down",
              dependsOn: after,
            }),
          ]
        : [];
      ids.push(
        b.add({
          kind: "remove",
          target: `container:${c.name}`,
          service,
          name: c.name,
          runtimeId: c.id,
          cause: "down",
          dependsOn: stop.length ? stop : after,
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
        name: n.name,
        cause: "down",
        dependsOn: allRemoves,
      });
    }
  }
  for (const v of observed.volumes) {
    if (!resourceOwned(v.labels, project, ownership.volumes, v.name, ownership.ownerId)) continue;
    if (input.removeVolumes || input.deleteVolumes.has(v.name)) {
      const why = input.removeVolumes ? "down --volumes" : "reclaimPolicy: delete";
      b.add({
        kind: "remove-volume",
        target: `volume:${v.name}`,
        name: v.name,
        cause: why,
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
