/**
 * Does the state store agree with the engine? Every ownership record must match a resource that
 * carries our labels and owner id, every resource carrying our owner id must have a record, and no
 * operation may be left without a result. Pure: inputs are the store's records and one observation.
 */
import { Labels, type Observed } from "../core/index.js";
import type { OwnershipRecord } from "../store/index.js";

export interface Disagreement {
  kind: "record-without-resource" | "resource-without-record" | "runtime-id-mismatch" | "foreign-labels";
  resource: string;
  detail: string;
}

export function compareStoreWithEngine(
  ownerId: string,
  records: readonly OwnershipRecord[],
  observed: Observed,
): Disagreement[] {
  const out: Disagreement[] = [];
  const byName = {
    container: new Map(observed.containers.map((c) => [c.name, { id: c.id, labels: c.labels }])),
    volume: new Map(observed.volumes.map((v) => [v.name, { id: v.name, labels: v.labels }])),
    network: new Map(observed.networks.map((n) => [n.name, { id: n.name, labels: n.labels }])),
  };
  for (const r of records) {
    // Swarm service/secret/config records are checked by the swarm flow (src/swarm), not against containers.
    if (r.kind === "service" || r.kind === "secret" || r.kind === "config") continue;
    const res = byName[r.kind].get(r.name);
    const what = `${r.kind} ${r.name}`;
    if (!res) {
      out.push({
        kind: "record-without-resource",
        resource: what,
        detail: `recorded (${r.state}) but not present in the engine`,
      });
      continue;
    }
    if (res.labels[Labels.owner] !== ownerId) {
      out.push({
        kind: "foreign-labels",
        resource: what,
        detail: `recorded as ours but labelled with owner ${res.labels[Labels.owner] ?? "none"}`,
      });
    } else if (r.kind === "container" && r.runtimeId && r.runtimeId !== res.id) {
      out.push({
        kind: "runtime-id-mismatch",
        resource: what,
        detail: `record says ${r.runtimeId.slice(0, 12)}, engine has ${res.id.slice(0, 12)}`,
      });
    }
  }
  const recorded = new Set(records.map((r) => `${r.kind}:${r.name}`));
  for (const kind of ["container", "volume", "network"] as const) {
    for (const [name, res] of byName[kind]) {
      if (res.labels[Labels.owner] === ownerId && !recorded.has(`${kind}:${name}`)) {
        out.push({
          kind: "resource-without-record",
          resource: `${kind} ${name}`,
          detail: "carries our owner id but this store has no record of it",
        });
      }
    }
  }
  return out;
}
