import path from "node:path";
import { stringify } from "yaml";
import type { LNode } from "../manifest/located.js";

/** The translated tree as plain data. */
export function toPlain(node: LNode): unknown {
  if (node.kind === "scalar") return node.value;
  if (node.kind === "seq") return node.items.map(toPlain);
  return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
}

export interface ImportPaths {
  /** Where the Compose paths are relative to (the first file's directory). */
  projectDir: string;
  /** Where the native manifest is written (its paths resolve against this). */
  outputDir: string;
}

type Plain = Record<string, unknown>;
const isMap = (v: unknown): v is Plain => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A path for the native file: relative to where it is written ("./data") when inside that
 * directory, else absolute (the native bind rule refuses relative paths that leave it).
 */
function rebase(p: string, paths: ImportPaths): string {
  const abs = path.resolve(paths.projectDir, p);
  const rel = path.relative(paths.outputDir, abs);
  if (rel === "") return ".";
  return rel.startsWith("..") || path.isAbsolute(rel) ? abs : `./${rel}`;
}

/** Every string value is literal in the import: `$` is written `$$` so the native reader keeps it. */
function escapeDollars(v: unknown): unknown {
  if (typeof v === "string") return v.replaceAll("$", "$$$$");
  if (Array.isArray(v)) return v.map(escapeDollars);
  if (isMap(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escapeDollars(x)]));
  return v;
}

function rebaseService(svc: Plain, paths: ImportPaths): void {
  if (typeof svc.build === "string") svc.build = rebase(svc.build, paths);
  else if (isMap(svc.build)) svc.build.context = rebase(String(svc.build.context ?? "."), paths);
  for (const m of Array.isArray(svc.volumes) ? svc.volumes : []) {
    if (isMap(m) && m.type === "bind" && typeof m.source === "string") m.source = rebase(m.source, paths);
  }
  for (const key of ["secrets", "configs"]) {
    const files = svc[key];
    for (const f of isMap(files) ? Object.values(files) : []) {
      if (isMap(f) && typeof f.file === "string") f.file = rebase(f.file, paths);
    }
  }
}

/** `hostwright import`: the native manifest equivalent to the Compose files. */
export function toNativeYaml(node: LNode, from: string, paths?: ImportPaths): string {
  const plain = escapeDollars(toPlain(node)) as Plain;
  if (paths !== undefined && isMap(plain.services)) {
    for (const svc of Object.values(plain.services)) if (isMap(svc)) rebaseService(svc, paths);
  }
  return `# Imported from ${from} by \`hostwright import\`; Compose keys were renamed to native ones.\n${stringify(plain)}`;
}
