import path from "node:path";
import type { DiagnosticSink } from "../manifest/diagnostic-sink.js";
import { DiagnosticCode } from "../manifest/diagnostics.js";
import { indexPath, type LMap } from "../manifest/located.js";
import type { ReadCompose } from "./extends.js";
import { textOf } from "./nodes.js";

/**
 * Top-level `include`: each listed file (string or `{path}`) contributes its services, volumes and
 * networks; a name defined both there and here is an error, as in Compose.
 */
export function resolveInclude(doc: LMap, dir: string, sink: DiagnosticSink, read: ReadCompose): LMap {
  const inc = doc.entries.find((e) => e.key === "include");
  if (inc === undefined) return doc;
  const out: LMap = { ...doc, entries: doc.entries.filter((e) => e !== inc) };
  const items = inc.value.kind === "seq" ? inc.value.items : [inc.value];
  items.forEach((item, i) => {
    const at = indexPath("include", i);
    const pathNode = item.kind === "map" ? item.entries.find((e) => e.key === "path")?.value : item;
    const file = pathNode && textOf(pathNode);
    const other = file === undefined ? undefined : read(path.resolve(dir, file));
    if (other === undefined) {
      sink.error(
        item.pos,
        at,
        DiagnosticCode.fileUnreadable,
        `cannot read included file ${file ?? ""}`,
        "include: [path/to/compose.yaml]",
      );
      return;
    }
    for (const section of ["services", "volumes", "networks"]) {
      const theirs = other.entries.find((e) => e.key === section)?.value;
      if (theirs?.kind !== "map") continue;
      const mine = out.entries.find((e) => e.key === section);
      const mineMap =
        mine?.value.kind === "map" ? mine.value : { kind: "map" as const, entries: [], pos: item.pos };
      for (const t of theirs.entries) {
        if (mineMap.entries.some((m) => m.key === t.key)) {
          sink.error(
            item.pos,
            at,
            DiagnosticCode.invalidValue,
            `${section} \`${t.key}\` is defined both here and in ${file}`,
            "rename one, or use extends",
          );
        }
      }
      const merged: LMap = {
        ...mineMap,
        entries: [
          ...theirs.entries,
          ...mineMap.entries.filter((m) => !theirs.entries.some((t) => t.key === m.key)),
        ],
      };
      if (mine === undefined) out.entries.push({ key: section, keyPos: item.pos, value: merged });
      else out.entries[out.entries.indexOf(mine)] = { ...mine, value: merged };
    }
  });
  return out;
}
