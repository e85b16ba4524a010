/**
 * A service's `placement:` — which cluster nodes it runs on and where it may move when they are
 * gone. Only `--runtime swarm` honours it (apply/runtime-support refuses it elsewhere), but the
 * shape is checked here for every manifest so a typo fails at its line whatever the runtime.
 *
 *   placement:
 *     nodes: [n1]                       # pinned: node.hostname == n1 (several = any of them)
 *     constraints: [node.labels.disk==ssd]
 *     failover: [n3]                    # preference order, disjoint from nodes
 *     after: 2m                         # how long nodes must be offline first (default 5m)
 */
import { compareCodeUnits, type PlacementSpec } from "../core/index.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import { PLACEMENT_KEYS } from "./known-keys.js";
import { indexPath, type LNode } from "./located.js";
import { expectMap, expectSeq, MapReader, readString } from "./map-reader.js";

/** When `failover` is set without `after`: longer than a reboot, short enough to matter. */
export const DEFAULT_FAILOVER_AFTER_MS = 5 * 60_000;

/** A node's hostname as Swarm reports it (RFC 1123 host name, dots allowed). */
export const NODE_NAME =
  /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
export const NODE_NAME_HINT = "a node's hostname as `docker node ls` shows it (letters, digits, `-` and `.`)";

/** Swarm's constraint grammar: `<attribute> == <value>` or `!=`, e.g. node.labels.disk==ssd. */
const CONSTRAINT = /^\s*(node|engine)\.[A-Za-z0-9_.-]+\s*(==|!=)\s*\S+\s*$/;

export function checkPlacement(sink: DiagnosticSink, node: LNode, path: string): PlacementSpec | undefined {
  const map = expectMap(sink, node, path, "a map with `nodes`, `constraints`, `failover` or `after`");
  if (map === undefined) return undefined;
  const f = new MapReader(sink, map, path, PLACEMENT_KEYS);
  if (map.entries.length === 0) {
    sink.error(
      map.pos,
      path,
      DiagnosticCode.invalidPlacement,
      "empty placement",
      "give `nodes` and/or `constraints`, or remove `placement`",
    );
    return undefined;
  }
  const nodes = f.read("nodes", (n, at) => nameList(sink, n, at)) ?? [];
  const constraints = f.read("constraints", (n, at) => constraintList(sink, n, at)) ?? [];
  const failover = f.read("failover", (n, at) => nameList(sink, n, at)) ?? [];
  const after = f.duration("after", { allowZero: false });
  const failoverEntry = f.entry("failover");
  if (failoverEntry !== undefined && nodes.length === 0) {
    sink.error(
      failoverEntry.keyPos,
      f.at("failover"),
      DiagnosticCode.invalidPlacement,
      "`failover` needs `nodes`: it says where to go when those nodes are offline",
      "add `nodes: [<the node it normally runs on>]`",
    );
  }
  for (const [i, name] of failover.entries()) {
    if (!nodes.includes(name)) continue;
    const item = (failoverEntry?.value.kind === "seq" ? failoverEntry.value.items[i] : undefined) ?? map;
    sink.error(
      item.pos,
      indexPath(f.at("failover"), i),
      DiagnosticCode.invalidPlacement,
      `node "${name}" is in both \`nodes\` and \`failover\``,
      "failover nodes are where the service goes when every node in `nodes` is offline",
    );
  }
  const afterEntry = f.entry("after");
  if (afterEntry !== undefined && failover.length === 0 && failoverEntry === undefined) {
    sink.error(
      afterEntry.keyPos,
      f.at("after"),
      DiagnosticCode.invalidPlacement,
      "`after` without `failover` has nothing to wait for",
      "add `failover: [<fallback node>]` or remove `after`",
    );
  }
  return {
    nodes: [...nodes].sort(compareCodeUnits),
    constraints: [...constraints].sort(compareCodeUnits),
    // The order is the preference: not sorted.
    failover,
    afterMs: failover.length === 0 ? 0 : (after ?? DEFAULT_FAILOVER_AFTER_MS),
  };
}

function strings(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
): { value: string; node: LNode; path: string }[] {
  const seq = expectSeq(sink, node, path);
  if (seq === undefined) return [];
  const out: { value: string; node: LNode; path: string }[] = [];
  for (const [i, item] of seq.items.entries()) {
    const at = indexPath(path, i);
    const value = readString(sink, item, at);
    if (value !== undefined) out.push({ value, node: item, path: at });
  }
  return out;
}

/** Node hostnames, each valid and listed once. */
function nameList(sink: DiagnosticSink, node: LNode, path: string): string[] {
  const out: string[] = [];
  for (const s of strings(sink, node, path)) {
    if (!NODE_NAME.test(s.value)) {
      sink.error(
        s.node.pos,
        s.path,
        DiagnosticCode.invalidPlacement,
        `invalid node name "${s.value}"`,
        NODE_NAME_HINT,
      );
    } else if (out.includes(s.value)) {
      sink.error(s.node.pos, s.path, DiagnosticCode.invalidPlacement, `node "${s.value}" is listed twice`);
    } else {
      out.push(s.value);
    }
  }
  return out;
}

function constraintList(sink: DiagnosticSink, node: LNode, path: string): string[] {
  const out: string[] = [];
  for (const s of strings(sink, node, path)) {
    if (!CONSTRAINT.test(s.value)) {
      sink.error(
        s.node.pos,
        s.path,
        DiagnosticCode.invalidPlacement,
        `invalid constraint "${s.value}"`,
        "Swarm constraint syntax: node.labels.KEY==VALUE, node.role!=manager, engine.labels.KEY==VALUE (pin nodes with `nodes`)",
      );
      continue;
    }
    const normal = s.value.trim().replace(/\s*(==|!=)\s*/, "$1");
    if (!out.includes(normal)) out.push(normal);
  }
  return out;
}
