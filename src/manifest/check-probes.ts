import type { ProbeAction, ProbeSet, ProbeSpec } from "../core/index.js";
import { checkArgv } from "./check-command.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import { PROBE_FOREIGN } from "./foreign-keys.js";
import { HTTP_ACTION_KEYS, PROBE_KEYS, PROBE_SET_KEYS, TCP_ACTION_KEYS } from "./known-keys.js";
import { childPath, describeNode, isNull, type LNode } from "./located.js";
import { expectMap, MapReader, readInt } from "./map-reader.js";

export type ProbeKind = keyof ProbeSet;
const ACTIONS = ["exec", "http", "tcp"] as const;

export const ProbeDefaults = {
  intervalMs: 10_000,
  timeoutMs: 5_000,
  failureThreshold: 3,
  startupFailureThreshold: 30,
  successThreshold: 1,
  initialDelayMs: 0,
} as const;

/** `probes: {startup, readiness, liveness}`. `containerPorts`: distinct declared container ports. */
export function checkProbes(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
  containerPorts: number[],
): ProbeSet {
  const set: ProbeSet = {};
  if (isNull(node)) return set;
  const map = expectMap(sink, node, path);
  if (map === undefined) return set;
  const fields = new MapReader(sink, map, path, PROBE_SET_KEYS);
  for (const kind of PROBE_SET_KEYS) {
    const probeNode = fields.value(kind);
    if (probeNode === undefined) continue;
    const probe = checkProbe(sink, probeNode, fields.at(kind), kind, containerPorts);
    if (probe !== undefined) set[kind] = probe;
  }
  return set;
}

function checkProbe(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
  kind: ProbeKind,
  containerPorts: number[],
): ProbeSpec | undefined {
  const map = expectMap(sink, node, path);
  if (map === undefined) return undefined;
  const fields = new MapReader(sink, map, path, PROBE_KEYS, PROBE_FOREIGN);
  const present = map.entries.filter((e) => (ACTIONS as readonly string[]).includes(e.key));
  const [first, second] = present;
  if (first === undefined) {
    sink.error(map.pos, path, DiagnosticCode.invalidProbe, "a probe needs exactly one of exec, http or tcp");
  } else if (second !== undefined) {
    sink.error(
      second.keyPos,
      fields.at(second.key),
      DiagnosticCode.invalidProbe,
      `\`${first.key}\` and \`${second.key}\` both set; a probe has exactly one action`,
    );
  }
  const action =
    first && second === undefined
      ? checkAction(sink, first.key, first.value, fields.at(first.key), containerPorts)
      : undefined;
  const successThreshold = fields.int("successThreshold", 1, 1000) ?? ProbeDefaults.successThreshold;
  const successEntry = fields.entry("successThreshold");
  let ok = action !== undefined;
  if (kind !== "readiness" && successThreshold !== 1 && successEntry !== undefined) {
    sink.error(
      successEntry.value.pos,
      fields.at("successThreshold"),
      DiagnosticCode.invalidProbe,
      `${kind} probes need successThreshold 1`,
      "only readiness probes may require several successes",
    );
    ok = false;
  }
  // Timing fields are read even when the action is broken, so every problem is reported at once.
  const timing = {
    intervalMs: fields.duration("interval", { allowZero: false }) ?? ProbeDefaults.intervalMs,
    timeoutMs: fields.duration("timeout", { allowZero: false }) ?? ProbeDefaults.timeoutMs,
    failureThreshold:
      fields.int("failureThreshold", 1, 1000) ??
      (kind === "startup" ? ProbeDefaults.startupFailureThreshold : ProbeDefaults.failureThreshold),
    successThreshold,
    initialDelayMs: fields.duration("initialDelay", { allowZero: true }) ?? ProbeDefaults.initialDelayMs,
  };
  const spec: ProbeSpec | undefined = action && { action, ...timing };
  return ok ? spec : undefined;
}

function checkAction(
  sink: DiagnosticSink,
  key: string,
  node: LNode,
  path: string,
  containerPorts: number[],
): ProbeAction | undefined {
  if (key === "exec") {
    const command = checkArgv(sink, node, path);
    return command && { kind: "exec", command };
  }
  const map = expectMap(sink, node, path);
  if (map === undefined) return undefined;
  const fields = new MapReader(sink, map, path, key === "http" ? HTTP_ACTION_KEYS : TCP_ACTION_KEYS);
  const port = probePort(sink, fields, containerPorts);
  if (key === "tcp") return port === undefined ? undefined : { kind: "tcp", port };
  const probePath = fields.string("path") ?? "/";
  const pathEntry = fields.entry("path");
  if (!probePath.startsWith("/") && pathEntry) {
    sink.error(
      pathEntry.value.pos,
      fields.at("path"),
      DiagnosticCode.invalidProbe,
      `path "${probePath}" must start with /`,
    );
    return undefined;
  }
  const scheme = fields.oneOf("scheme", ["http", "https"] as const) ?? "http";
  const headers = checkHeaders(sink, fields.value("headers"), fields.at("headers"));
  if (port === undefined || headers === undefined) return undefined;
  return { kind: "http", port, path: probePath, scheme, headers };
}

/** An explicit port, or the service's only container port. */
function probePort(sink: DiagnosticSink, fields: MapReader, containerPorts: number[]): number | undefined {
  const node = fields.value("port");
  if (node !== undefined) return readInt(sink, node, fields.at("port"), 1, 65535);
  const [only, another] = containerPorts;
  if (only !== undefined && another === undefined) return only;
  const why =
    only === undefined
      ? "the service declares no ports"
      : `the service declares ${containerPorts.length} container ports`;
  sink.error(
    fields.map.pos,
    fields.path,
    DiagnosticCode.probePortRequired,
    `\`port\` is required: ${why}`,
    "add port: <container port>",
  );
  return undefined;
}

function checkHeaders(
  sink: DiagnosticSink,
  node: LNode | undefined,
  path: string,
): Record<string, string> | undefined {
  if (node === undefined || isNull(node)) return {};
  const map = expectMap(sink, node, path);
  if (map === undefined) return undefined;
  const out: Record<string, string> = {};
  let ok = true;
  for (const { key, value } of map.entries) {
    if (value.kind !== "scalar" || value.value === null) {
      sink.error(
        value.pos,
        childPath(path, key),
        DiagnosticCode.wrongType,
        `expected a string, got ${describeNode(value)}`,
      );
      ok = false;
      continue;
    }
    out[key] = typeof value.value === "string" ? value.value : value.text;
  }
  return ok ? out : undefined;
}
