import { type BuildSpec, type ServiceSpec, SPEC_HASH_FIELDS } from "../core/index.js";
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
    // A built image's tag follows its inputs: the build cause says which, the tag adds nothing.
    if (field === "image" && before.build && after.build) continue;
    if (field === "build" && before.build && after.build) {
      out.push(...describeBuildChange(before.build, after.build));
      continue;
    }
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

function describeBuildChange(a: BuildSpec, b: BuildSpec): string[] {
  const out: string[] = [];
  const af = a.contextFiles ?? {};
  const bf = b.contextFiles ?? {};
  const files = [...new Set([...Object.keys(af), ...Object.keys(bf)])].filter((k) => af[k] !== bf[k]).sort();
  if (files.length > 0) out.push(`build context changed: ${files.join(", ")}`);
  const { contextFiles: _a, ...restA } = a;
  const { contextFiles: _b, ...restB } = b;
  for (const k of Object.keys({ ...restA, ...restB }).sort() as (keyof typeof restA)[]) {
    if (canonicalJson(restA[k] ?? null) !== canonicalJson(restB[k] ?? null)) out.push(`build ${k}`);
  }
  return out.length > 0 ? out : ["build"];
}
