import path from "node:path";
import type { Desired } from "../core/index.js";
import { buildDesired } from "./build-desired.js";
import { checkManifest } from "./check-manifest.js";
import { DiagnosticSink } from "./diagnostic-sink.js";
import type { Diagnostic } from "./diagnostics.js";
import { interpolate } from "./interpolate.js";
import { readYaml } from "./yaml-reader.js";

export type ManifestResult =
  | { ok: true; desired: Desired; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[] };

export interface ParseManifestOptions {
  /** Used in diagnostics and as desired.sourcePath; relative binds resolve against its directory. */
  file: string;
  env: Record<string, string | undefined>;
  /** Variables from `.env`; `env` wins over these. */
  dotenv?: Record<string, string>;
}

/**
 * Manifest text → validated Desired, or every problem found. Pure: no I/O (the caller reads the
 * file and `.env`). Never throws on bad input; problems are diagnostics.
 */
export function parseManifest(source: string, opts: ParseManifestOptions): ManifestResult {
  const sink = new DiagnosticSink(opts.file);
  const lookup = (name: string): string | undefined => opts.env[name] ?? opts.dotenv?.[name];
  const sourcePath = path.resolve(opts.file);
  const root = readYaml(source, sink, (text) => interpolate(text, lookup));
  const draft = root === undefined ? undefined : checkManifest(sink, root, path.dirname(sourcePath));
  if (draft === undefined || sink.hasErrors()) return { ok: false, diagnostics: sink.sorted() };
  return { ok: true, desired: buildDesired(draft, sourcePath), diagnostics: sink.sorted() };
}
