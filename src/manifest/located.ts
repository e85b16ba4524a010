import type { Pos } from "./diagnostics.js";

/**
 * The manifest after YAML parsing, alias/merge expansion and interpolation, with the position
 * of every key and value kept so validation can point at the exact spot. Checkers read this,
 * never the YAML AST, so YAML concerns (anchors, tags, limits) live in one place.
 */
export type ScalarValue = string | number | boolean | null;

export interface LScalar {
  kind: "scalar";
  value: ScalarValue;
  pos: Pos;
  /** The source text after interpolation (keeps "1.0" or "0o755" as written, for env values). */
  text: string;
  /** The whole value was one `${VAR}` expression without a literal default. */
  fromVariable: boolean;
}

export interface LEntry {
  key: string;
  keyPos: Pos;
  value: LNode;
}

export interface LMap {
  kind: "map";
  entries: LEntry[];
  pos: Pos;
}

export interface LSeq {
  kind: "seq";
  items: LNode[];
  pos: Pos;
}

export type LNode = LScalar | LMap | LSeq;

export function entryOf(map: LMap, key: string): LEntry | undefined {
  return map.entries.find((e) => e.key === key);
}

export function isNull(node: LNode): boolean {
  return node.kind === "scalar" && node.value === null;
}

/** "a string", "a map", ... for "expected X, got Y" messages. */
export function describeNode(node: LNode): string {
  if (node.kind === "map") return "a map";
  if (node.kind === "seq") return "a list";
  const v = node.value;
  if (v === null) return "nothing (null)";
  if (typeof v === "string") return "a string";
  if (typeof v === "boolean") return "a boolean";
  return Number.isInteger(v) ? "an integer" : "a number";
}

/** Paths as users read them: services.api.ports[0]; odd keys quoted (labels with dots). */
export function childPath(parent: string, key: string): string {
  const segment = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
  if (parent === "") return segment;
  return segment.startsWith('"') ? `${parent}[${segment}]` : `${parent}.${segment}`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
