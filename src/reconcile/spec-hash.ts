import { createHash, createHmac } from "node:crypto";

/**
 * The label hash of one instance: the service's spec hash, mixed with a digest of its secret
 * values so that rotating a secret recreates the container. The digest is keyed by the store's
 * owner id so the label never carries a guessable hash of a low-entropy secret.
 */
export function instanceSpecHash(serviceHash: string, secretDigest: string): string {
  if (secretDigest === "") return serviceHash;
  return createHash("sha256").update(`${serviceHash}\n${secretDigest}`).digest("hex");
}

export function secretDigest(ownerId: string, values: Readonly<Record<string, string>>): string {
  const keys = Object.keys(values).sort();
  if (keys.length === 0) return "";
  const mac = createHmac("sha256", ownerId);
  for (const k of keys) mac.update(`${k}\0${values[k] ?? ""}\0`);
  return mac.digest("hex");
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** JSON with recursively sorted keys: the one canonical form used for every hash here. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}
