import { parseDuration, parseSize } from "../core/index.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import { didYouMean } from "./did-you-mean.js";
import type { ForeignKey } from "./foreign-keys.js";
import { childPath, describeNode, type LEntry, type LMap, type LNode, type LSeq } from "./located.js";

/** A map node with a known key set: unknown keys are reported on construction, typed getters report bad values. */
export class MapReader {
  constructor(
    readonly sink: DiagnosticSink,
    readonly map: LMap,
    readonly path: string,
    known: readonly string[],
    foreign: Readonly<Record<string, ForeignKey>> = {},
  ) {
    for (const entry of map.entries) {
      if (known.includes(entry.key)) continue;
      reportUnknownKey(sink, entry, childPath(path, entry.key), known, foreign);
    }
  }

  entry(key: string): LEntry | undefined {
    return this.map.entries.find((e) => e.key === key);
  }

  value(key: string): LNode | undefined {
    return this.entry(key)?.value;
  }

  at(key: string): string {
    return childPath(this.path, key);
  }

  /** Run `check` on the key's value when the key is present. */
  read<T>(key: string, check: (node: LNode, path: string) => T): T | undefined {
    const node = this.value(key);
    return node === undefined ? undefined : check(node, this.at(key));
  }

  /** The entry, or a "missing key" error pointing at this map. */
  require(key: string, hint?: string): LEntry | undefined {
    const entry = this.entry(key);
    if (entry === undefined) {
      this.sink.error(
        this.map.pos,
        this.path,
        DiagnosticCode.missingKey,
        `missing required key \`${key}\``,
        hint,
      );
    }
    return entry;
  }

  string(key: string): string | undefined {
    const node = this.value(key);
    return node === undefined ? undefined : readString(this.sink, node, this.at(key));
  }

  int(key: string, min: number, max: number): number | undefined {
    const node = this.value(key);
    return node === undefined ? undefined : readInt(this.sink, node, this.at(key), min, max);
  }

  bool(key: string): boolean | undefined {
    const node = this.value(key);
    return node === undefined ? undefined : readBool(this.sink, node, this.at(key));
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const node = this.value(key);
    return node === undefined ? undefined : readEnum(this.sink, node, this.at(key), values);
  }

  duration(key: string, opts: { allowZero: boolean }): number | undefined {
    const node = this.value(key);
    return node === undefined ? undefined : readDuration(this.sink, node, this.at(key), opts);
  }

  size(key: string): number | undefined {
    const node = this.value(key);
    return node === undefined ? undefined : readSize(this.sink, node, this.at(key));
  }
}

export function reportUnknownKey(
  sink: DiagnosticSink,
  entry: LEntry,
  path: string,
  known: readonly string[],
  foreign: Readonly<Record<string, ForeignKey>>,
): void {
  const f = foreign[entry.key];
  if (f !== undefined) {
    const code =
      f.kind === "notSupportedYet"
        ? DiagnosticCode.notSupportedYet
        : f.kind === "volumeFieldUnsupported"
          ? DiagnosticCode.volumeFieldUnsupported
          : DiagnosticCode.foreignKey;
    sink.error(entry.keyPos, path, code, f.message, f.hint);
    return;
  }
  const hint = didYouMean(entry.key, known) ?? `known keys: ${known.join(", ")}`;
  sink.error(entry.keyPos, path, DiagnosticCode.unknownKey, `unknown key \`${entry.key}\``, hint);
}

export function expectMap(sink: DiagnosticSink, node: LNode, path: string, what = "a map"): LMap | undefined {
  if (node.kind === "map") return node;
  sink.error(node.pos, path, DiagnosticCode.wrongType, `expected ${what}, got ${describeNode(node)}`);
  return undefined;
}

export function expectSeq(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
  what = "a list",
): LSeq | undefined {
  if (node.kind === "seq") return node;
  sink.error(node.pos, path, DiagnosticCode.wrongType, `expected ${what}, got ${describeNode(node)}`);
  return undefined;
}

export function readString(sink: DiagnosticSink, node: LNode, path: string): string | undefined {
  if (node.kind === "scalar" && typeof node.value === "string") return node.value;
  sink.error(node.pos, path, DiagnosticCode.wrongType, `expected a string, got ${describeNode(node)}`);
  return undefined;
}

/** Strings, or numbers and booleans written as they appear in the file (`8081` → "8081"). */
export function readStringish(sink: DiagnosticSink, node: LNode, path: string): string | undefined {
  if (node.kind === "scalar" && node.value !== null) {
    return typeof node.value === "string" ? node.value : node.text;
  }
  sink.error(node.pos, path, DiagnosticCode.wrongType, `expected a string, got ${describeNode(node)}`);
  return undefined;
}

export function readInt(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
  min: number,
  max: number,
): number | undefined {
  if (node.kind !== "scalar" || typeof node.value !== "number" || !Number.isInteger(node.value)) {
    sink.error(node.pos, path, DiagnosticCode.wrongType, `expected an integer, got ${describeNode(node)}`);
    return undefined;
  }
  if (node.value < min || node.value > max) {
    sink.error(node.pos, path, DiagnosticCode.invalidValue, `${node.value} is out of range ${min}..${max}`);
    return undefined;
  }
  return node.value;
}

export function readBool(sink: DiagnosticSink, node: LNode, path: string): boolean | undefined {
  if (node.kind === "scalar" && typeof node.value === "boolean") return node.value;
  const yesNo =
    node.kind === "scalar" && typeof node.value === "string" && /^(yes|no|on|off|y|n)$/i.test(node.value);
  sink.error(
    node.pos,
    path,
    DiagnosticCode.wrongType,
    `expected true or false, got ${describeNode(node)}`,
    yesNo ? "YAML 1.2: yes/no/on/off are strings; write true or false" : undefined,
  );
  return undefined;
}

export function readEnum<T extends string>(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
  values: readonly T[],
): T | undefined {
  const text = node.kind === "scalar" && node.value !== null ? String(node.value) : undefined;
  const found = values.find((v) => v === text);
  if (found !== undefined) return found;
  const shown = text === undefined ? describeNode(node) : `"${text}"`;
  const hint = text === undefined ? undefined : didYouMean(text, values);
  sink.error(
    node.pos,
    path,
    DiagnosticCode.invalidValue,
    `expected one of ${values.join(" | ")}, got ${shown}`,
    hint,
  );
  return undefined;
}

export function readDuration(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
  opts: { allowZero: boolean },
): number | undefined {
  const text = node.kind === "scalar" && typeof node.value === "string" ? node.value : undefined;
  const ms = text === undefined ? undefined : parseDuration(text);
  if (ms === undefined) {
    const bareNumber = node.kind === "scalar" && typeof node.value === "number";
    sink.error(
      node.pos,
      path,
      DiagnosticCode.invalidValue,
      `expected a duration like 500ms, 10s, 5m, 1h or 1m30s, got ${text === undefined ? describeNode(node) : `"${text}"`}`,
      bareNumber ? `write a unit, e.g. ${String((node as { value: number }).value)}s` : undefined,
    );
    return undefined;
  }
  if (ms === 0 && !opts.allowZero) {
    sink.error(node.pos, path, DiagnosticCode.invalidValue, "duration must be greater than 0");
    return undefined;
  }
  return ms;
}

export function readSize(sink: DiagnosticSink, node: LNode, path: string): number | undefined {
  const value = node.kind === "scalar" ? node.value : null;
  const bytes = typeof value === "string" || typeof value === "number" ? parseSize(value) : undefined;
  if (bytes === undefined) {
    sink.error(
      node.pos,
      path,
      DiagnosticCode.invalidValue,
      `expected a size like 512MiB, 1GiB or 64m, got ${typeof value === "string" ? `"${value}"` : describeNode(node)}`,
    );
  }
  return bytes;
}
