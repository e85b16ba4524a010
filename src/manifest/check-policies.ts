import type { ResourceSpec, RestartPolicyName, RestartSpec, UpdateSpec } from "../core/index.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import { BACKOFF_KEYS, RESERVATION_KEYS, RESOURCE_KEYS, RESTART_KEYS, UPDATE_KEYS } from "./known-keys.js";
import { describeNode, isNull, type LNode } from "./located.js";
import { expectMap, MapReader } from "./map-reader.js";

const POLICIES: readonly RestartPolicyName[] = ["no", "on-failure", "unless-stopped", "always"];
export const MIN_MEMORY_BYTES = 6 * 1024 * 1024;

export const defaultRestart = (): RestartSpec => ({
  policy: "unless-stopped",
  backoff: { initialMs: 1_000, maxMs: 60_000 },
});

export const defaultUpdate = (): UpdateSpec => ({
  strategy: "rolling",
  maxSurge: 1,
  maxUnavailable: 0,
  progressDeadlineMs: 300_000,
  failureAction: "rollback",
});

export function checkRestart(sink: DiagnosticSink, node: LNode, path: string): RestartSpec {
  const spec = defaultRestart();
  if (isNull(node)) return spec;
  if (node.kind === "scalar" && typeof node.value === "string") {
    const retries = /^on-failure:(\d+)$/.exec(node.value);
    const hint = POLICIES.includes(node.value as RestartPolicyName)
      ? `write restart: {policy: ${node.value}}`
      : retries
        ? `write restart: {policy: on-failure, maxRetries: ${retries[1]}}`
        : `write restart: {policy: ${POLICIES.join(" | ")}}`;
    sink.error(node.pos, path, DiagnosticCode.wrongType, "restart is a map, not a string", hint);
    return spec;
  }
  const map = expectMap(sink, node, path);
  if (map === undefined) return spec;
  const fields = new MapReader(sink, map, path, RESTART_KEYS);
  spec.policy = fields.oneOf("policy", POLICIES) ?? spec.policy;
  const retriesEntry = fields.entry("maxRetries");
  const maxRetries = fields.int("maxRetries", 0, 1_000_000);
  if (retriesEntry !== undefined && spec.policy !== "on-failure") {
    sink.error(
      retriesEntry.keyPos,
      fields.at("maxRetries"),
      DiagnosticCode.restartRetries,
      `maxRetries only applies to policy on-failure (policy is ${spec.policy})`,
      "set policy: on-failure or remove maxRetries",
    );
  } else if (maxRetries !== undefined) {
    spec.maxRetries = maxRetries;
  }
  const backoffNode = fields.value("backoff");
  const backoffMap =
    backoffNode && !isNull(backoffNode) ? expectMap(sink, backoffNode, fields.at("backoff")) : undefined;
  if (backoffMap !== undefined) {
    const backoff = new MapReader(sink, backoffMap, fields.at("backoff"), BACKOFF_KEYS);
    spec.backoff.initialMs = backoff.duration("initial", { allowZero: false }) ?? spec.backoff.initialMs;
    spec.backoff.maxMs = backoff.duration("max", { allowZero: false }) ?? spec.backoff.maxMs;
    if (spec.backoff.initialMs > spec.backoff.maxMs) {
      sink.error(
        backoffMap.pos,
        backoff.path,
        DiagnosticCode.invalidValue,
        "backoff.initial is larger than backoff.max",
      );
    }
  }
  return spec;
}

export function checkUpdate(sink: DiagnosticSink, node: LNode, path: string): UpdateSpec {
  const spec = defaultUpdate();
  if (isNull(node)) return spec;
  const map = expectMap(sink, node, path);
  if (map === undefined) return spec;
  const fields = new MapReader(sink, map, path, UPDATE_KEYS);
  spec.strategy = fields.oneOf("strategy", ["rolling", "recreate"] as const) ?? spec.strategy;
  spec.maxSurge = fields.int("maxSurge", 0, 256) ?? spec.maxSurge;
  spec.maxUnavailable = fields.int("maxUnavailable", 0, 256) ?? spec.maxUnavailable;
  spec.progressDeadlineMs =
    fields.duration("progressDeadline", { allowZero: false }) ?? spec.progressDeadlineMs;
  spec.failureAction = fields.oneOf("failureAction", ["rollback", "pause"] as const) ?? spec.failureAction;
  if (spec.strategy === "rolling" && spec.maxSurge === 0 && spec.maxUnavailable === 0) {
    sink.error(
      map.pos,
      path,
      DiagnosticCode.invalidValue,
      "maxSurge and maxUnavailable cannot both be 0",
      "a rolling update must either start a new instance first or stop an old one first",
    );
  }
  return spec;
}

export function checkResources(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
  keys: readonly string[] = RESOURCE_KEYS,
): ResourceSpec {
  const spec: ResourceSpec = {};
  if (isNull(node)) return spec;
  const map = expectMap(sink, node, path);
  if (map === undefined) return spec;
  const fields = new MapReader(sink, map, path, keys);
  // Soft guarantees: the same cpus/memory shape, one level down (no nested reservations).
  const reservations = fields.read("reservations", (n, at) => checkResources(sink, n, at, RESERVATION_KEYS));
  if (reservations !== undefined && Object.keys(reservations).length > 0) {
    spec.reservations = { ...reservations };
  }
  const pidsLimit = fields.int("pidsLimit", -1, 4_194_304);
  if (pidsLimit !== undefined && pidsLimit !== 0) spec.pidsLimit = pidsLimit;
  const cpusNode = fields.value("cpus");
  if (cpusNode !== undefined) {
    const raw = cpusNode.kind === "scalar" ? cpusNode.value : undefined;
    const cpus =
      typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
    if (!Number.isFinite(cpus) || cpus <= 0) {
      const shown = typeof raw === "number" || typeof raw === "string" ? `"${raw}"` : describeNode(cpusNode);
      sink.error(
        cpusNode.pos,
        fields.at("cpus"),
        DiagnosticCode.invalidValue,
        `cpus must be a number greater than 0, got ${shown}`,
        "e.g. cpus: 0.5",
      );
    } else {
      spec.cpus = cpus;
    }
  }
  const memoryNode = fields.value("memory");
  const memory = fields.size("memory");
  if (memoryNode !== undefined && memory !== undefined) {
    if (memory < MIN_MEMORY_BYTES) {
      sink.error(
        memoryNode.pos,
        fields.at("memory"),
        DiagnosticCode.invalidValue,
        "memory must be at least 6MiB (the Docker minimum)",
      );
    } else {
      spec.memoryBytes = memory;
    }
  }
  return spec;
}
