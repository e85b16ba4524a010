/**
 * A build context as the engine receives it: the directory's files minus `.dockerignore`
 * (Docker's pattern rules: `*`, `?`, `**`, `!` re-includes, a match on a directory excludes what
 * is under it), each with its content hash, so a plan can name the files that changed.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { BuildSpec } from "../../core/index.js";
import type { TarEntry } from "./tar.js";

interface Rule {
  re: RegExp;
  include: boolean;
}

function globToRegExp(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "*" && pattern[i + 1] === "*") {
      out += ".*";
      i++;
      if (pattern[i + 1] === "/") i++;
    } else if (c === "*") out += "[^/]*";
    else if (c === "?") out += "[^/]";
    else out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}(/.*)?$`);
}

export function parseDockerignore(text: string): Rule[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const include = l.startsWith("!");
      const p = (include ? l.slice(1) : l).trim().replace(/^\/+/, "").replace(/\/+$/, "");
      return { re: globToRegExp(p.replace(/^\.\//, "")), include };
    });
}

/** Docker's rule: the last matching pattern wins. */
export function isIgnored(path: string, rules: readonly Rule[]): boolean {
  let ignored = false;
  for (const r of rules) if (r.re.test(path)) ignored = !r.include;
  return ignored;
}

export interface ContextFile {
  path: string;
  mode: number;
  sha256: string;
  content: Buffer;
}

export async function readContext(spec: BuildSpec): Promise<ContextFile[]> {
  const ignoreText = await readFile(join(spec.context, ".dockerignore"), "utf8").catch(() => "");
  const rules = parseDockerignore(ignoreText);
  // The Dockerfile and .dockerignore are always sent, as the Docker CLI does.
  const always = new Set([spec.dockerfile, ".dockerignore"]);
  const files: ContextFile[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(spec.context, rel), { withFileTypes: true });
    for (const e of entries) {
      const path = rel === "" ? e.name : `${rel}/${e.name}`;
      if (isIgnored(path, rules) && !always.has(path)) {
        // A negated pattern may re-include something below an ignored directory.
        if (!(e.isDirectory() && rules.some((r) => r.include))) continue;
      }
      if (e.isDirectory()) await walk(path);
      else if (e.isFile()) {
        const full = join(spec.context, path);
        const content = await readFile(full);
        const mode = (await stat(full)).mode & 0o777;
        files.push({ path, mode, content, sha256: createHash("sha256").update(content).digest("hex") });
      }
    }
  };
  await walk("");
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** One hash over everything that decides the image: files (path, mode, content), Dockerfile, args, target. */
export function buildInputsHash(spec: BuildSpec, files: readonly ContextFile[]): string {
  const h = createHash("sha256");
  h.update(`dockerfile\0${spec.dockerfile}\0target\0${spec.target ?? ""}\0`);
  for (const k of Object.keys(spec.args).sort()) h.update(`arg\0${k}\0${spec.args[k]}\0`);
  for (const k of Object.keys(spec.labels).sort()) h.update(`label\0${k}\0${spec.labels[k]}\0`);
  for (const f of files) h.update(`file\0${f.path}\0${f.mode}\0${f.sha256}\0`);
  return h.digest("hex");
}

export function contextTarEntries(files: readonly ContextFile[]): TarEntry[] {
  return files.map((f) => ({ path: f.path, type: "file", content: f.content, mode: f.mode }));
}
