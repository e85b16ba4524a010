import { LABEL_PREFIX, type SecretRef } from "../core/index.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import { childPath, describeNode, isNull, type LMap, type LNode } from "./located.js";
import { expectMap } from "./map-reader.js";

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CREDENTIAL_KEY = /PASSWORD|SECRET|TOKEN|_KEY$/i;
const SECRET_FORMS =
  "env://NAME, file:///abs/path, keychain://service/account (also env-file://NAME, local-file:///abs/path)";

function asMap(sink: DiagnosticSink, node: LNode, path: string, listHint: string): LMap | undefined {
  if (isNull(node)) return { kind: "map", entries: [], pos: node.pos };
  if (node.kind === "seq") {
    sink.error(node.pos, path, DiagnosticCode.wrongType, "expected a map, got a list", listHint);
    return undefined;
  }
  return expectMap(sink, node, path);
}

/** `env:` KEY → string (numbers as written, booleans as "true"/"false"). */
export function checkEnv(sink: DiagnosticSink, node: LNode, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  const map = asMap(sink, node, path, "write env as a map: `KEY: value`");
  if (map === undefined) return out;
  for (const { key, keyPos, value } of map.entries) {
    const at = childPath(path, key);
    if (!validEnvKey(sink, key, keyPos, at)) continue;
    if (value.kind !== "scalar" || value.value === null) {
      const hint = value.kind === "scalar" ? `write ${key}: "" for an empty value` : undefined;
      sink.error(
        value.pos,
        at,
        DiagnosticCode.wrongType,
        `expected a string, number or boolean, got ${describeNode(value)}`,
        hint,
      );
      continue;
    }
    const text =
      typeof value.value === "string"
        ? value.value
        : typeof value.value === "boolean"
          ? String(value.value)
          : value.text;
    out[key] = text;
    if (CREDENTIAL_KEY.test(key) && text !== "" && !value.fromVariable) {
      sink.warn(
        value.pos,
        at,
        DiagnosticCode.literalCredential,
        `${key} looks like a credential written literally in the manifest`,
        `move it to secretEnv: {${key}: env://${key}} (or use \${${key}})`,
      );
    }
  }
  return out;
}

/** `secretEnv:` KEY → reference. Only the shape is checked; values are resolved at apply time. */
export function checkSecretEnv(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
  envKeys: ReadonlySet<string>,
): Record<string, SecretRef> {
  const out: Record<string, SecretRef> = {};
  const map = asMap(sink, node, path, "write secretEnv as a map: `KEY: env://NAME`");
  if (map === undefined) return out;
  for (const { key, keyPos, value } of map.entries) {
    const at = childPath(path, key);
    if (!validEnvKey(sink, key, keyPos, at)) continue;
    if (envKeys.has(key)) {
      sink.error(
        keyPos,
        at,
        DiagnosticCode.envSecretOverlap,
        `${key} is set in both env and secretEnv`,
        "keep it in secretEnv only",
      );
      continue;
    }
    const text = value.kind === "scalar" && typeof value.value === "string" ? value.value : undefined;
    const ref = text === undefined ? undefined : parseSecretRef(text);
    if (ref === undefined) {
      // Never echo the value: a secret pasted here instead of a reference would be printed.
      const shown = text === undefined ? describeNode(value) : "(a string)";
      sink.error(
        value.pos,
        at,
        DiagnosticCode.invalidSecretRef,
        `invalid secret reference ${shown}`,
        `use ${SECRET_FORMS}`,
      );
      continue;
    }
    out[key] = ref;
  }
  return out;
}

export function parseSecretRef(ref: string): SecretRef | undefined {
  const env = /^(?:env|env-file):\/\/([A-Za-z_][A-Za-z0-9_]*)$/.exec(ref);
  if (env?.[1] !== undefined) return { ref, scheme: "env", target: env[1] };
  const file = /^(?:file|local-file):\/\/(\/[^\0]*[^/\0])$/.exec(ref);
  if (file?.[1] !== undefined) return { ref, scheme: "file", target: file[1] };
  const keychain = /^keychain:\/\/([^/\s]+)\/([^/\s]+)$/.exec(ref);
  if (keychain?.[1] !== undefined && keychain[2] !== undefined) {
    return { ref, scheme: "keychain", target: `${keychain[1]}/${keychain[2]}` };
  }
  return undefined;
}

/** `labels:` string → string; the dev.hostwright. prefix belongs to hostwright. */
export function checkLabels(sink: DiagnosticSink, node: LNode, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  const map = asMap(sink, node, path, "write labels as a map: `com.example.team: web`");
  if (map === undefined) return out;
  for (const { key, keyPos, value } of map.entries) {
    const at = childPath(path, key);
    if (key.startsWith(LABEL_PREFIX)) {
      sink.error(
        keyPos,
        at,
        DiagnosticCode.reservedLabel,
        `label prefix "${LABEL_PREFIX}" is reserved for hostwright`,
        "choose another prefix, e.g. com.example.",
      );
      continue;
    }
    if (key === "" || /\s/.test(key)) {
      sink.error(keyPos, at, DiagnosticCode.invalidValue, `invalid label key "${key}"`);
      continue;
    }
    if (value.kind !== "scalar" || value.value === null) {
      sink.error(value.pos, at, DiagnosticCode.wrongType, `expected a string, got ${describeNode(value)}`);
      continue;
    }
    out[key] =
      typeof value.value === "string"
        ? value.value
        : typeof value.value === "boolean"
          ? String(value.value)
          : value.text;
  }
  return out;
}

/** env and secretEnv keys are variable names; reports the bad ones at the key. */
function validEnvKey(
  sink: DiagnosticSink,
  key: string,
  keyPos: Parameters<DiagnosticSink["error"]>[0],
  at: string,
): boolean {
  if (ENV_KEY.test(key)) return true;
  sink.error(
    keyPos,
    at,
    DiagnosticCode.invalidEnvKey,
    `invalid variable name "${key}"`,
    "names match [A-Za-z_][A-Za-z0-9_]*",
  );
  return false;
}
