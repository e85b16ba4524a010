import { type Document, LineCounter, type ParsedNode, parseDocument, type YAMLError } from "yaml";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode, DOCUMENT_START, type Pos } from "./diagnostics.js";
import type { InterpolationResult } from "./interpolate.js";
import { excessiveBracketNesting, ManifestLimits } from "./limits.js";
import type { LNode } from "./located.js";
import { YamlConverter } from "./yaml-converter.js";

const YAML_CODES: Record<string, DiagnosticCode> = {
  DUPLICATE_KEY: DiagnosticCode.duplicateKey,
  MULTIPLE_DOCS: DiagnosticCode.multipleDocuments,
  RESOURCE_EXHAUSTION: DiagnosticCode.limitExceeded,
  TAG_RESOLVE_FAILED: DiagnosticCode.customTag,
};

/**
 * Source text → located tree, or undefined when the YAML itself is unusable (then the sink
 * holds why). Syntax problems stop here: validating a half-parsed document would only add noise.
 */
export function readYaml(
  source: string,
  sink: DiagnosticSink,
  interpolate: (text: string) => InterpolationResult,
  /** Top-level `x-` keys to keep (Compose's `x-hostwright`); every other one is skipped. */
  keepExtensions: readonly string[] = [],
): LNode | undefined {
  const bytes = Buffer.byteLength(source, "utf8");
  if (bytes > ManifestLimits.maxBytes) {
    sink.error(
      DOCUMENT_START,
      "",
      DiagnosticCode.limitExceeded,
      `manifest is ${bytes} bytes; the limit is ${ManifestLimits.maxBytes} (1 MiB)`,
    );
    return undefined;
  }
  const lineCounter = new LineCounter();
  const bracketOffset = excessiveBracketNesting(source);
  if (bracketOffset !== -1) {
    lineCounter.addNewLine(0);
    for (let i = 0; i < source.length; i++) if (source[i] === "\n") lineCounter.addNewLine(i + 1);
    sink.error(
      lineCounter.linePos(bracketOffset),
      "",
      DiagnosticCode.limitExceeded,
      `nesting deeper than ${ManifestLimits.maxDepth} levels`,
    );
    return undefined;
  }

  const doc = parseDocument(source, {
    lineCounter,
    uniqueKeys: true,
    merge: true,
    prettyErrors: true,
  });
  const posOf = (offset: number): Pos => lineCounter.linePos(offset);
  // After the first syntax error the parser's later complaints are mostly echoes of it;
  // duplicate keys are independent of each other, so every one of them is reported.
  const firstSyntax = doc.errors.find((e) => e.code !== "DUPLICATE_KEY");
  for (const e of doc.errors) {
    if (e.code === "DUPLICATE_KEY" || e === firstSyntax) reportYamlProblem(e, doc, sink, posOf, "error");
  }
  // Unknown tags are reported by the converter (as errors, at the tagged value).
  for (const w of doc.warnings)
    if (w.code !== "TAG_RESOLVE_FAILED") reportYamlProblem(w, doc, sink, posOf, "warning");
  if (doc.errors.length > 0) return undefined;
  if (doc.contents === null) {
    sink.error(
      DOCUMENT_START,
      "",
      DiagnosticCode.missingKey,
      "the manifest is empty",
      "start with `version: 2`, `project:` and `services:`",
    );
    return undefined;
  }
  return new YamlConverter(doc, posOf, sink, interpolate, keepExtensions).convertDocument();
}

function reportYamlProblem(
  e: YAMLError,
  doc: Document.Parsed<ParsedNode>,
  sink: DiagnosticSink,
  posOf: (offset: number) => Pos,
  severity: "error" | "warning",
): void {
  const pos = posOf(e.pos[0]);
  const code = YAML_CODES[e.code] ?? DiagnosticCode.yamlSyntax;
  let message = e.message.replace(/\s+at line \d+, column \d+:[\s\S]*$/, "");
  let hint: string | undefined;
  if (e.code === "DUPLICATE_KEY") {
    message = `duplicate key \`${keyTextAt(doc, e.pos[0])}\``;
    hint = "each key may appear only once in a map";
  } else if (e.code === "MULTIPLE_DOCS") {
    message = "the manifest must be a single YAML document (found a `---` separator)";
  } else if (e.code === "RESOURCE_EXHAUSTION") {
    message = `nesting deeper than ${ManifestLimits.maxDepth} levels`;
  } else {
    message = `YAML syntax: ${message.charAt(0).toLowerCase()}${message.slice(1)}`;
  }
  if (severity === "error") sink.error(pos, "", code, message, hint);
  else sink.warn(pos, "", code, message, hint);
}

function keyTextAt(doc: Document.Parsed<ParsedNode>, offset: number): string {
  return findKey(doc.contents, offset) ?? "?";
}

function findKey(node: unknown, offset: number): string | undefined {
  if (node === null || typeof node !== "object") return undefined;
  const items = (node as { items?: unknown[] }).items;
  if (!Array.isArray(items)) return undefined;
  for (const item of items) {
    const key = (item as { key?: { range?: number[]; value?: unknown } }).key;
    if (key?.range?.[0] === offset) return String(key.value);
    const found = findKey((item as { value?: unknown }).value ?? item, offset) ?? findKey(key, offset);
    if (found !== undefined) return found;
  }
  return undefined;
}
