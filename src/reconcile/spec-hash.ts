import { createHash, createHmac } from "node:crypto";
import { canonicalJson, sha256Hex } from "../core/index.js";

/**
 * The label hash of one instance: the service's spec hash, mixed with a digest of its secret
 * values so that rotating a secret recreates the container. The digest is keyed by the store's
 * owner id so the label never carries a guessable hash of a low-entropy secret.
 */
export function instanceSpecHash(serviceHash: string, secretDigest: string): string {
  if (secretDigest === "") return serviceHash;
  return createHash("sha256").update(`${serviceHash}\n${secretDigest}`).digest("hex");
}

/**
 * Resolved secret values under this prefix + target are secret/config file contents, not env
 * (apply/ resolves them with the env secrets so one digest covers both). No env name has a NUL.
 */
export const FILE_VALUE_PREFIX = "\0file:";

export function secretDigest(ownerId: string, values: Readonly<Record<string, string>>): string {
  const keys = Object.keys(values).sort();
  if (keys.length === 0) return "";
  const mac = createHmac("sha256", ownerId);
  for (const k of keys) mac.update(`${k}\0${values[k] ?? ""}\0`);
  return mac.digest("hex");
}

export function sha256(text: string): string {
  return sha256Hex(text);
}

/** The one canonical JSON form (core/), re-exported for reconcile's callers. */
export { canonicalJson };
