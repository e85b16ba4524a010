import type { LMap, LNode } from "../manifest/located.js";

/** Keys whose later value replaces the earlier one whole (Compose's merge rules), not merged item by item. */
const REPLACED = new Set(["command", "entrypoint", "healthcheck.test", "dns", "dns_search", "tmpfs"]);

/**
 * Compose override merge of two located trees: maps merge key by key, later scalars win,
 * sequences append (command/entrypoint replace).
 */
export function mergeNodes(base: LNode, over: LNode, key = ""): LNode {
  if (base.kind === "map" && over.kind === "map") return mergeMaps(base, over);
  if (base.kind === "seq" && over.kind === "seq" && !REPLACED.has(key)) {
    return { ...over, items: [...base.items, ...over.items] };
  }
  return over;
}

function mergeMaps(base: LMap, over: LMap): LMap {
  const entries = [...base.entries];
  for (const e of over.entries) {
    const i = entries.findIndex((x) => x.key === e.key);
    if (i === -1) entries.push(e);
    else entries[i] = { ...e, value: mergeNodes(entries[i]?.value ?? e.value, e.value, e.key) };
  }
  return { ...over, entries };
}
