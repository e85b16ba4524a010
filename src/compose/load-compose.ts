import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { buildDesired } from "../manifest/build-desired.js";
import { checkManifest } from "../manifest/check-manifest.js";
import { DiagnosticSink } from "../manifest/diagnostic-sink.js";
import { type Diagnostic, DiagnosticCode, DOCUMENT_START } from "../manifest/diagnostics.js";
import { parseDotenv } from "../manifest/dotenv.js";
import { interpolate } from "../manifest/interpolate.js";
import type { LMap } from "../manifest/located.js";
import type { ManifestResult } from "../manifest/parse-manifest.js";
import { readYaml } from "../manifest/yaml-reader.js";
import { resolveExtends } from "./extends.js";
import { resolveInclude } from "./include.js";
import { mergeNodes } from "./merge.js";
import { stampFile, textOf } from "./nodes.js";
import { resolveProjectName } from "./project-name.js";
import { translateDocument } from "./translate-document.js";

export interface ComposeOptions {
  env: Record<string, string | undefined>;
  projectName?: string;
  envFiles?: string[];
  profiles?: string[];
}

export type ComposeResult = ManifestResult & { native?: LMap };

const readText = (file: string): string | undefined => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
};

/**
 * Compose files (merged in order) → the same Desired the native manifest produces: the Compose
 * tree is translated into a native tree and validated by the native checker.
 */
export function loadCompose(files: string[], opts: ComposeOptions): ComposeResult {
  const first = path.resolve(files[0] ?? "compose.yaml");
  const projectDir = path.dirname(first);
  const dotenv: Record<string, string> = {};
  const envFiles = opts.envFiles ?? [path.join(projectDir, ".env")];
  for (const f of envFiles) Object.assign(dotenv, parseDotenv(readText(path.resolve(f)) ?? ""));
  const lookup = (name: string) => opts.env[name] ?? dotenv[name];
  const diagnostics: Diagnostic[] = [];
  let merged: LMap | undefined;
  for (const file of files.map((f) => path.resolve(f))) {
    const sink = new DiagnosticSink(file);
    const text = readText(file);
    if (text === undefined) {
      sink.error(
        DOCUMENT_START,
        "",
        DiagnosticCode.fileUnreadable,
        "cannot read compose file",
        "check the -f path",
      );
    } else {
      const root = readYaml(text, sink, (t) => interpolate(t, lookup, { compose: true }), ["x-hostwright"]);
      if (root !== undefined) stampFile(root, file);
      if (root?.kind === "map") merged = merged === undefined ? root : (mergeNodes(merged, root) as LMap);
      else if (root !== undefined)
        sink.error(root.pos, "", DiagnosticCode.wrongType, "expected a map with `services`");
    }
    diagnostics.push(...sink.sorted());
  }
  if (merged === undefined) return { ok: false, diagnostics };
  const sink = new DiagnosticSink(first);
  const nameNode = merged.entries.find((e) => e.key === "name")?.value;
  const project = resolveProjectName({
    flag: opts.projectName,
    env: opts.env,
    dotenv,
    topLevelName: nameNode && textOf(nameNode),
    projectDir,
  });
  const profileEnv = lookup("COMPOSE_PROFILES");
  const profiles = opts.profiles ?? (profileEnv ? profileEnv.split(",").map((p) => p.trim()) : []);
  const readEnvFile = (f: string) => {
    const t = readText(f);
    return t === undefined ? undefined : parseDotenv(t);
  };
  const readOther = (file: string): LMap | undefined => {
    const t = readText(file);
    const other =
      t === undefined ? undefined : readYaml(t, sink, (x) => interpolate(x, lookup, { compose: true }));
    if (other !== undefined) stampFile(other, file);
    return other?.kind === "map" ? other : undefined;
  };
  merged = resolveExtends(resolveInclude(merged, projectDir, sink, readOther), projectDir, sink, readOther);
  const native = translateDocument(merged, {
    sink,
    projectDir,
    env: opts.env,
    readEnvFile,
    project,
    profiles,
  });
  const draft = checkManifest(sink, native, projectDir);
  diagnostics.push(...sink.sorted());
  // One report in file order, then position (reading and translating found them in two passes).
  const order = files.map((f) => path.resolve(f));
  // Included and extended files come after the -f files.
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  diagnostics.sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.col - b.col);
  if (draft === undefined || diagnostics.some((d) => d.severity === "error"))
    return { ok: false, diagnostics, native };
  return { ok: true, desired: buildDesired(draft, first), diagnostics, native };
}

/** Compose's own file names, in the order docker compose looks for them. */
export const COMPOSE_FILE_NAMES = [
  "compose.yaml",
  "compose.yml",
  "docker-compose.yaml",
  "docker-compose.yml",
];
const OVERRIDES: Record<string, string[]> = {
  "compose.yaml": ["compose.override.yaml", "compose.override.yml"],
  "compose.yml": ["compose.override.yml", "compose.override.yaml"],
  "docker-compose.yaml": ["docker-compose.override.yaml", "docker-compose.override.yml"],
  "docker-compose.yml": ["docker-compose.override.yml", "docker-compose.override.yaml"],
};

/** The Compose file (plus its override) in `dir`, or undefined when there is none. */
export function discoverCompose(dir: string): string[] | undefined {
  const name = COMPOSE_FILE_NAMES.find((n) => existsSync(path.join(dir, n)));
  if (name === undefined) return undefined;
  const override = (OVERRIDES[name] ?? []).find((n) => existsSync(path.join(dir, n)));
  return [path.join(dir, name), ...(override ? [path.join(dir, override)] : [])];
}

/** A file is native when it has a top-level `project` key; anything else is read as Compose. */
export function isComposeText(text: string): boolean {
  return !/^project\s*:/m.test(text);
}
