import type { ServiceSpec } from "../core/index.js";
import { canonicalJson, SPEC_HASH_FIELDS, sha256Hex } from "../core/index.js";

/**
 * Part of every spec hash. Changing what is hashed (or how) changes every hash and so recreates
 * every container on upgrade: bump this only together with an explicit migration note.
 */
export const SPEC_HASH_SCHEMA_VERSION = 1;

/**
 * sha256 of the runtime-relevant part of a service (what a container is created from).
 * Excluded on purpose: replicas, dependsOn, probes, restart and update (changing them must not
 * recreate containers), and secret values (only the references are here; reconcile/ mixes in
 * a digest of the values at apply time).
 */
export function computeSpecHash(spec: Omit<ServiceSpec, "specHash">): string {
  const secretRefs: Record<string, string> = {};
  for (const [key, ref] of Object.entries(spec.secretEnv)) secretRefs[key] = ref.ref;
  const body: Record<string, unknown> = { v: SPEC_HASH_SCHEMA_VERSION };
  for (const field of SPEC_HASH_FIELDS) body[field] = field === "secretEnv" ? secretRefs : spec[field];
  return sha256Hex(canonicalJson(body));
}
