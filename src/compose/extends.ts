import path from "node:path";
import type { DiagnosticSink } from "../manifest/diagnostic-sink.js";
import { DiagnosticCode } from "../manifest/diagnostics.js";
import { childPath, type LEntry, type LMap, type LNode } from "../manifest/located.js";
import { mergeNodes } from "./merge.js";
import { textOf } from "./nodes.js";

/** Reads another Compose file (interpolated, located), for `extends: {file: ...}`. */
export type ReadCompose = (file: string) => LMap | undefined;

const servicesOf = (doc: LMap): LEntry[] => {
  const s = doc.entries.find((e) => e.key === "services")?.value;
  return s?.kind === "map" ? s.entries : [];
};

/**
 * Compose `extends`: the service starts from the named service (same file, or `file:` relative to
 * the extending file) and its own keys merge over it with the override rules. Chains are followed;
 * a cycle is an error at the `extends` key.
 */
export function resolveExtends(doc: LMap, dir: string, sink: DiagnosticSink, read: ReadCompose): LMap {
  const resolveOne = (entry: LEntry, own: LMap, ownDir: string, seen: Set<string>): LNode => {
    if (entry.value.kind !== "map") return entry.value;
    const ext = entry.value.entries.find((e) => e.key === "extends");
    if (ext === undefined) return entry.value;
    const at = childPath(childPath("services", entry.key), "extends");
    const rest: LMap = { ...entry.value, entries: entry.value.entries.filter((e) => e !== ext) };
    const name =
      ext.value.kind === "map"
        ? textOf(ext.value.entries.find((e) => e.key === "service")?.value ?? ext.value)
        : textOf(ext.value);
    const fileNode =
      ext.value.kind === "map" ? ext.value.entries.find((e) => e.key === "file")?.value : undefined;
    const file = fileNode && textOf(fileNode);
    const baseDoc = file === undefined ? own : read(path.resolve(ownDir, file));
    const key = `${file === undefined ? "" : path.resolve(ownDir, file)}#${name}`;
    const base = baseDoc && servicesOf(baseDoc).find((s) => s.key === name);
    if (name === undefined || base === undefined || seen.has(key)) {
      const why = seen.has(key)
        ? "extends forms a cycle"
        : `no service \`${name ?? ""}\` to extend${file ? ` in ${file}` : ""}`;
      sink.error(
        ext.keyPos,
        at,
        DiagnosticCode.invalidValue,
        why,
        "extends: {service: NAME, file: OTHER.yaml}",
      );
      return rest;
    }
    const baseDir = file === undefined ? ownDir : path.dirname(path.resolve(ownDir, file));
    const resolvedBase = resolveOne(base, baseDoc as LMap, baseDir, new Set([...seen, key]));
    return mergeNodes(resolvedBase, rest);
  };
  const services = doc.entries.find((e) => e.key === "services");
  if (services?.value.kind !== "map") return doc;
  const entries = services.value.entries.map((s) => ({
    ...s,
    value: resolveOne(s, doc, dir, new Set([`#${s.key}`])),
  }));
  return {
    ...doc,
    entries: doc.entries.map((e) =>
      e === services ? { ...e, value: { ...services.value, entries } as LMap } : e,
    ),
  };
}
