import type { ProbeSpec } from "../core/index.js";
import { checkArgv } from "./check-command.js";
import { ProbeDefaults } from "./check-probes.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import { HEALTH_FOREIGN } from "./foreign-keys.js";
import { HEALTH_KEYS } from "./known-keys.js";
import type { LEntry, LNode } from "./located.js";
import { expectMap, MapReader, readStringish } from "./map-reader.js";

/**
 * Legacy `health: {exec|test, interval, timeout, retries, startPeriod}` (the Swift tool's and
 * Compose's shape). It becomes the same probe for readiness and liveness, with a warning.
 */
export function checkLegacyHealth(sink: DiagnosticSink, entry: LEntry, path: string): ProbeSpec | undefined {
  sink.warn(
    entry.keyPos,
    path,
    DiagnosticCode.legacyHealth,
    "legacy `health` is used as both probes.readiness and probes.liveness",
    "write probes: {readiness: {exec: [...]}, liveness: {...}}",
  );
  const map = expectMap(sink, entry.value, path);
  if (map === undefined) return undefined;
  const fields = new MapReader(sink, map, path, HEALTH_KEYS, HEALTH_FOREIGN);
  const execEntry = fields.entry("exec");
  const testEntry = fields.entry("test");
  let command: string[] | undefined;
  if (execEntry !== undefined && testEntry !== undefined) {
    sink.error(
      testEntry.keyPos,
      fields.at("test"),
      DiagnosticCode.invalidProbe,
      "`exec` and `test` both set; use one",
    );
  } else if (execEntry !== undefined) {
    command = checkArgv(sink, execEntry.value, fields.at("exec"));
  } else if (testEntry !== undefined) {
    command = composeTest(sink, testEntry.value, fields.at("test"));
  } else {
    sink.error(map.pos, path, DiagnosticCode.missingKey, "missing required key `test` (or `exec`)");
  }
  const timing = {
    intervalMs: fields.duration("interval", { allowZero: false }) ?? ProbeDefaults.intervalMs,
    timeoutMs: fields.duration("timeout", { allowZero: false }) ?? ProbeDefaults.timeoutMs,
    failureThreshold: fields.int("retries", 1, 1000) ?? ProbeDefaults.failureThreshold,
    successThreshold: 1,
    initialDelayMs: fields.duration("startPeriod", { allowZero: true }) ?? ProbeDefaults.initialDelayMs,
  };
  return command && { action: { kind: "exec", command }, ...timing };
}

/** Compose's `test`: ["CMD", argv...], ["CMD-SHELL", "script"], a plain list, or a shell string. */
function composeTest(sink: DiagnosticSink, node: LNode, path: string): string[] | undefined {
  if (node.kind === "scalar" && typeof node.value === "string") {
    if (node.value.trim() === "") {
      sink.error(node.pos, path, DiagnosticCode.invalidProbe, "health test is empty");
      return undefined;
    }
    return ["sh", "-c", node.value];
  }
  if (node.kind !== "seq") return checkArgv(sink, node, path);
  const [head, ...rest] = node.items;
  const form = head && head.kind === "scalar" ? readStringish(sink, head, `${path}[0]`) : undefined;
  if (form === "NONE") {
    sink.error(
      node.pos,
      path,
      DiagnosticCode.invalidProbe,
      '["NONE"] disables health checks',
      "remove `health` instead",
    );
    return undefined;
  }
  if (form !== "CMD" && form !== "CMD-SHELL") return checkArgv(sink, node, path);
  const argv = checkArgv(sink, { kind: "seq", items: rest, pos: node.pos }, path);
  if (argv === undefined) return undefined;
  return form === "CMD" ? argv : ["sh", "-c", argv.join(" ")];
}
