import { type ServiceSpec, SPEC_HASH_FIELDS } from "../core/index.js";
import { canonicalJson } from "./spec-hash.js";

/** Fields that feed the spec hash, in the order causes list them. */
const HASHED_FIELDS = SPEC_HASH_FIELDS;

const MAP_FIELDS = new Set(["env", "secretEnv", "labels"]);

/** Human list of what changed between two specs: ["env API_URL", "image"]. Never shows values. */
export function describeSpecChange(before: ServiceSpec, after: ServiceSpec): string[] {
  const out: string[] = [];
  for (const field of HASHED_FIELDS) {
    const a = before[field];
    const b = after[field];
    if (canonicalJson(a ?? null) === canonicalJson(b ?? null)) continue;
    if (MAP_FIELDS.has(field)) {
      const am = (a ?? {}) as Record<string, unknown>;
      const bm = (b ?? {}) as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(am), ...Object.keys(bm)])]
        .filter((k) => canonicalJson(am[k] ?? null) !== canonicalJson(bm[k] ?? null))
        .sort();
      out.push(`${field} ${keys.join(",")}`);
    } else {
      out.push(field);
    }
  }
  return out;
}
