import { stringify } from "yaml";
import type { LNode } from "../manifest/located.js";

/** The translated tree as plain data. */
export function toPlain(node: LNode): unknown {
  if (node.kind === "scalar") return node.value;
  if (node.kind === "seq") return node.items.map(toPlain);
  return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
}

/** `hostwright import`: the native manifest equivalent to the Compose files. */
export function toNativeYaml(node: LNode, from: string): string {
  return `# Imported from ${from} by \`hostwright import\`; Compose keys were renamed to native ones.\n${stringify(toPlain(node))}`;
}
