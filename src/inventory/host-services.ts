import type { Diagnostic } from "../manifest/diagnostics.js";
import type { LEntry, LMap, LNode, LSeq } from "../manifest/located.js";
import { childPath } from "../manifest/located.js";
import { diagnosticAt, InventoryCode } from "./inventory-codes.js";

/** One service as written under hosts/<node>/services.yaml. */
export interface HostService {
  node: string;
  file: string;
  entry: LEntry;
}

/**
 * A name defined under two host folders is an error at every place it is written (a service
 * runs from one folder); only the first (by node name) is kept so the rest still gets checked.
 */
export function dropDuplicates(
  services: readonly HostService[],
  report: (d: Diagnostic) => void,
): HostService[] {
  const byName = new Map<string, HostService[]>();
  for (const s of services) byName.set(s.entry.key, [...(byName.get(s.entry.key) ?? []), s]);
  const kept: HostService[] = [];
  for (const [name, all] of byName) {
    kept.push(all[0] as HostService);
    if (all.length === 1) continue;
    const where = all.map((s) => `hosts/${s.node}`).join(" and ");
    for (const s of all) {
      report(
        diagnosticAt(
          s.file,
          s.entry.keyPos,
          "error",
          InventoryCode.duplicateService,
          childPath("services", name),
          `service "${name}" is defined under ${where}`,
          "keep it in one host folder; for a fallback node use `placement: {failover: [<node>]}`",
        ),
      );
    }
  }
  return kept;
}

/**
 * The host folder is the service's node: the entry gets `placement.nodes: [<node>]` before the
 * manifest checker sees it, so failover rules (disjoint from nodes, ...) apply unchanged.
 * `nodes` written in the file is refused rather than merged: the folder already says where the
 * service runs, and two sources for one fact would disagree sooner or later.
 */
export function withHostPlacement(s: HostService, report: (d: Diagnostic) => void): LEntry {
  const service = s.entry.value;
  if (service.kind !== "map") return s.entry;
  const pos = s.entry.keyPos;
  const nodes: LEntry = {
    key: "nodes",
    keyPos: pos,
    value: {
      kind: "seq",
      pos,
      items: [{ kind: "scalar", value: s.node, text: s.node, fromVariable: false, pos }],
    } satisfies LSeq,
  };
  const placementEntry = service.entries.find((e) => e.key === "placement");
  let entries: LEntry[];
  if (placementEntry === undefined) {
    entries = [
      ...service.entries,
      { key: "placement", keyPos: pos, value: { kind: "map", pos, entries: [nodes] } },
    ];
  } else if (placementEntry.value.kind === "map") {
    const placement = placementEntry.value;
    const written = placement.entries.find((e) => e.key === "nodes");
    if (written !== undefined) {
      report(
        diagnosticAt(
          s.file,
          written.keyPos,
          "error",
          InventoryCode.placementNodesInHost,
          `${childPath(childPath("services", s.entry.key), "placement")}.nodes`,
          `placement.nodes is set by the folder: this service runs on hosts/${s.node}`,
          "remove `nodes`; move the service to another hosts/<node>/ folder to run it elsewhere",
        ),
      );
    }
    const merged: LMap = {
      ...placement,
      entries: [nodes, ...placement.entries.filter((e) => e.key !== "nodes")],
    };
    entries = service.entries.map((e) => (e === placementEntry ? { ...e, value: merged as LNode } : e));
  } else {
    entries = [...service.entries]; // not a map: the placement checker reports its type
  }
  return { ...s.entry, value: { ...service, entries } };
}
