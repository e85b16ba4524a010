import type { Pos } from "../manifest/diagnostics.js";
import type { LEntry, LMap, LNode, LScalar, LSeq, ScalarValue } from "../manifest/located.js";

/** Builders for the native located tree the Compose translation produces (positions point into the Compose file). */
export function scalar(value: ScalarValue, pos: Pos): LScalar {
  return { kind: "scalar", value, pos, text: value === null ? "" : String(value), fromVariable: false };
}

export function map(pos: Pos, entries: LEntry[] = []): LMap {
  return { kind: "map", entries, pos };
}

export function seq(pos: Pos, items: LNode[] = []): LSeq {
  return { kind: "seq", items, pos };
}

export function put(target: LMap, key: string, value: LNode, keyPos: Pos = value.pos): void {
  const existing = target.entries.findIndex((e) => e.key === key);
  const entry = { key, keyPos, value };
  if (existing === -1) target.entries.push(entry);
  else target.entries[existing] = entry;
}

/** A scalar's text as Compose reads it (numbers and booleans as written). */
export function textOf(node: LNode): string | undefined {
  if (node.kind !== "scalar" || node.value === null) return undefined;
  return typeof node.value === "string" ? node.value : node.text;
}

/** Marks every position of a tree read from `file`, so a diagnostic names that file after merging. */
export function stampFile(node: LNode, file: string): void {
  node.pos.file = file;
  if (node.kind === "seq") for (const item of node.items) stampFile(item, file);
  if (node.kind === "map") {
    for (const e of node.entries) {
      e.keyPos = { ...e.keyPos, file };
      stampFile(e.value, file);
    }
  }
}
