import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import { describeNode, indexPath, type LNode } from "./located.js";
import { readStringish } from "./map-reader.js";
import { shellSplit } from "./shell-split.js";

/**
 * `command` / `entrypoint` / exec probes: a list of strings. A single string is split like a
 * shell would, with a warning, because `sh -c "a b"` written as one string is a classic trap.
 */
export function checkArgv(sink: DiagnosticSink, node: LNode, path: string): string[] | undefined {
  if (node.kind === "scalar" && typeof node.value === "string") {
    const split = shellSplit(node.value);
    if ("error" in split) {
      sink.error(
        node.pos,
        path,
        DiagnosticCode.invalidValue,
        `cannot split "${node.value}": ${split.error}`,
        "write it as a list of strings",
      );
      return undefined;
    }
    if (split.words.length === 0) {
      sink.error(
        node.pos,
        path,
        DiagnosticCode.invalidValue,
        "command is empty",
        "remove the key to use the image's default",
      );
      return undefined;
    }
    sink.warn(
      node.pos,
      path,
      DiagnosticCode.commandStringSplit,
      `string split into ${JSON.stringify(split.words)}`,
      `write it as a list to say exactly what you mean: ${JSON.stringify(split.words)}`,
    );
    return split.words;
  }
  if (node.kind !== "seq") {
    sink.error(
      node.pos,
      path,
      DiagnosticCode.wrongType,
      `expected a list of strings, got ${describeNode(node)}`,
    );
    return undefined;
  }
  if (node.items.length === 0) {
    sink.error(
      node.pos,
      path,
      DiagnosticCode.invalidValue,
      "command is empty",
      "remove the key to use the image's default",
    );
    return undefined;
  }
  const words: string[] = [];
  let ok = true;
  node.items.forEach((item, i) => {
    const word = item.kind === "scalar" ? readStringish(sink, item, indexPath(path, i)) : undefined;
    if (item.kind !== "scalar") {
      sink.error(
        item.pos,
        indexPath(path, i),
        DiagnosticCode.wrongType,
        `expected a string, got ${describeNode(item)}`,
      );
    }
    if (word === undefined) ok = false;
    else words.push(word);
  });
  return ok ? words : undefined;
}
