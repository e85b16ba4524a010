import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type ParsedNode,
  type Scalar,
} from "yaml";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode, DOCUMENT_START, type Pos } from "./diagnostics.js";
import type { InterpolationResult } from "./interpolate.js";
import { ManifestLimits } from "./limits.js";
import { childPath, indexPath, type LEntry, type LMap, type LNode, type ScalarValue } from "./located.js";

const CORE_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`).concat("!"),
);

class LimitExceeded extends Error {
  constructor(
    readonly pos: Pos,
    message: string,
  ) {
    super(message);
  }
}

/**
 * YAML AST → located tree. Expands aliases and `<<` merges (counting every expanded node, so a
 * billion-laughs document stops after maxNodes, not after exhausting memory), refuses custom
 * tags, interpolates string scalars and skips top-level `x-` keys.
 */
export class YamlConverter {
  private nodeCount = 0;
  private readonly aliasTargets = new Map<Alias, unknown>();

  constructor(
    private readonly doc: Document.Parsed<ParsedNode>,
    private readonly posOf: (offset: number) => Pos,
    private readonly sink: DiagnosticSink,
    private readonly interpolate: (text: string) => InterpolationResult,
    private readonly keepExtensions: readonly string[] = [],
  ) {}

  convertDocument(): LNode | undefined {
    const aliases = countAliases(this.doc.contents);
    if (aliases > ManifestLimits.maxAliases) {
      this.sink.error(
        DOCUMENT_START,
        "",
        DiagnosticCode.limitExceeded,
        `${aliases} aliases; the limit is ${ManifestLimits.maxAliases}`,
      );
      return undefined;
    }
    try {
      return this.convert(this.doc.contents, 0, "", DOCUMENT_START, true);
    } catch (err) {
      if (!(err instanceof LimitExceeded)) throw err;
      this.sink.error(err.pos, "", DiagnosticCode.limitExceeded, err.message);
      return undefined;
    }
  }

  private convert(node: unknown, depth: number, path: string, fallback: Pos, isRoot = false): LNode {
    if (isAlias(node)) {
      const target = this.resolveAlias(node);
      return this.convert(target, depth, path, this.rangePos(node) ?? fallback);
    }
    const pos = this.rangePos(node) ?? fallback;
    if (++this.nodeCount > ManifestLimits.maxNodes) {
      throw new LimitExceeded(pos, `more than ${ManifestLimits.maxNodes} nodes after expanding aliases`);
    }
    const tag = (node as { tag?: string } | null)?.tag;
    if (tag !== undefined && !CORE_TAGS.has(tag)) {
      this.sink.error(
        pos,
        path,
        DiagnosticCode.customTag,
        `tag \`${tag}\` is not allowed`,
        "remove the tag; manifests use plain YAML values",
      );
    }
    if (isMap(node) || isSeq(node)) {
      if (depth + 1 > ManifestLimits.maxDepth) {
        throw new LimitExceeded(pos, `nesting deeper than ${ManifestLimits.maxDepth} levels`);
      }
    }
    if (isMap(node)) return this.convertMap(node.items, depth + 1, path, pos, isRoot);
    if (isSeq(node)) {
      const items = node.items.map((item, i) => this.convert(item, depth + 1, indexPath(path, i), pos));
      return { kind: "seq", items, pos };
    }
    if (isScalar(node)) return this.convertScalar(node, path, pos, fallback);
    return { kind: "scalar", value: null, pos: fallback, text: "", fromVariable: false };
  }

  private convertMap(
    pairs: readonly unknown[],
    depth: number,
    path: string,
    pos: Pos,
    isRoot: boolean,
  ): LMap {
    const entries: LEntry[] = [];
    const explicit = new Set<string>();
    const merged: Array<{ at: number; entries: LEntry[] }> = [];
    for (const pair of pairs) {
      if (!isPair(pair)) continue;
      const keyPos = this.rangePos(pair.key) ?? pos;
      if (isScalar(pair.key) && typeof pair.key.value === "symbol") {
        merged.push({ at: entries.length, entries: this.mergeSources(pair.value, depth, path, keyPos) });
        continue;
      }
      const key = this.keyText(pair.key, keyPos, path);
      if (key === undefined) continue;
      if (isRoot && key.startsWith("x-") && !this.keepExtensions.includes(key)) continue;
      explicit.add(key);
      entries.push({ key, keyPos, value: this.convert(pair.value, depth, childPath(path, key), keyPos) });
    }
    // Explicit keys win over merged ones; among merge sources the first one wins (YAML merge spec).
    for (const { at, entries: sourceEntries } of merged.reverse()) {
      const fresh = sourceEntries.filter((e) => !explicit.has(e.key));
      for (const e of fresh) explicit.add(e.key);
      entries.splice(at, 0, ...fresh);
    }
    return { kind: "map", entries, pos };
  }

  private mergeSources(value: unknown, depth: number, path: string, keyPos: Pos): LEntry[] {
    const converted = this.convert(value, depth, path, keyPos);
    const sources = converted.kind === "seq" ? converted.items : [converted];
    const out: LEntry[] = [];
    const seen = new Set<string>();
    for (const source of sources) {
      if (source.kind !== "map") {
        this.sink.error(
          keyPos,
          path,
          DiagnosticCode.wrongType,
          "merge key `<<` needs a map or a list of maps",
        );
        continue;
      }
      for (const e of source.entries) {
        if (seen.has(e.key)) continue;
        seen.add(e.key);
        out.push(e);
      }
    }
    return out;
  }

  private keyText(key: unknown, keyPos: Pos, path: string): string | undefined {
    const node = isAlias(key) ? this.resolveAlias(key) : key;
    if (isScalar(node)) {
      const v = node.value;
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
    }
    this.sink.error(keyPos, path, DiagnosticCode.wrongType, "map keys must be plain strings");
    return undefined;
  }

  private convertScalar(node: Scalar, path: string, pos: Pos, fallback: Pos): LNode {
    const raw = node.value;
    const source = typeof node.source === "string" ? node.source : undefined;
    // `key:` with nothing after it: point at the key, not at the empty spot after the colon.
    const at = raw === null && (source === "" || source === undefined) ? fallback : pos;
    if (typeof raw !== "string") {
      const value: ScalarValue =
        raw === null || typeof raw === "number" || typeof raw === "boolean" ? raw : String(raw);
      return { kind: "scalar", value, pos: at, text: source ?? String(raw), fromVariable: false };
    }
    const result = this.interpolate(raw);
    for (const message of result.errors) {
      this.sink.error(
        at,
        path,
        DiagnosticCode.interpolation,
        message,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the user writes ${NAME:-default} literally
        "set it in the environment or in .env beside the manifest, or write ${NAME:-default}",
      );
    }
    for (const message of result.warnings ?? []) {
      this.sink.warn(at, path, DiagnosticCode.interpolation, message, "set it in the environment or in .env");
    }
    // A failed interpolation stays a string: re-typing its empty result would add a second, misleading error.
    const retype = result.changed && result.errors.length === 0 && node.type === "PLAIN";
    const value = retype ? retypePlain(result.value) : result.value;
    return { kind: "scalar", value, pos: at, text: result.value, fromVariable: result.fromVariable };
  }

  /** Alias.resolve searches the whole document; an expanded alias is resolved many times. */
  private resolveAlias(alias: Alias): unknown {
    let target = this.aliasTargets.get(alias);
    if (target === undefined) {
      target = alias.resolve(this.doc) ?? null;
      this.aliasTargets.set(alias, target);
    }
    return target;
  }

  private rangePos(node: unknown): Pos | undefined {
    const range = (node as { range?: readonly number[] } | null)?.range;
    const start = range?.[0];
    return start === undefined ? undefined : this.posOf(start);
  }
}

/** After interpolation a plain scalar is re-read with YAML 1.2 core rules: `replicas: ${N}` is a number. */
function retypePlain(text: string): ScalarValue {
  if (/^(?:~|null|Null|NULL)$/.test(text)) return null;
  if (/^(?:true|True|TRUE)$/.test(text)) return true;
  if (/^(?:false|False|FALSE)$/.test(text)) return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^0o[0-7]+$/.test(text)) return Number.parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  return text;
}

function countAliases(node: unknown): number {
  let count = 0;
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isAlias(n)) count++;
    else if (isMap(n)) for (const p of n.items) stack.push(p.key, p.value);
    else if (isSeq(n)) stack.push(...n.items);
  }
  return count;
}
