/**
 * Which image an auto-update moves a service to, as a pure decision over the registry's answers.
 * `digest` follows the declared tag itself (a moved digest is the update); `patch`/`minor`/`major`
 * choose the highest release tag within that range of the DECLARED tag (the manifest keeps saying
 * 1.0.0; the range is always measured from it, never from what runs now).
 */
import type { AutoUpdatePolicy } from "../core/index.js";
import { compareVersions, parseVersionTag, sameShape, type VersionTag } from "./semver.js";

/** How many leading components must stay equal for each policy. */
const FIXED_PARTS: Record<Exclude<AutoUpdatePolicy, "digest">, number> = { patch: 2, minor: 1, major: 0 };

/**
 * The tag a semver policy resolves to among `tags` (the declared tag itself when nothing newer is
 * in range), or undefined when the declared tag is not version-shaped for this policy.
 */
export function selectTag(
  declaredTag: string,
  tags: readonly string[],
  policy: Exclude<AutoUpdatePolicy, "digest">,
): string | undefined {
  const declared = parseVersionTag(declaredTag);
  if (!declared || declared.preRelease !== undefined) return undefined;
  const fixed = FIXED_PARTS[policy];
  if (declared.parts.length <= fixed) return undefined;
  let best: VersionTag = declared;
  for (const tag of tags) {
    const v = parseVersionTag(tag);
    if (!v || v.preRelease !== undefined || !sameShape(v, declared)) continue;
    if (!v.parts.slice(0, fixed).every((p, i) => p === declared.parts[i])) continue;
    if (compareVersions(v, best) > 0) best = v;
  }
  return best.tag;
}

/** Why a policy accepts a tag at all (for a manifest diagnostic or a status line); undefined = fine. */
export function policyTagProblem(
  declaredTag: string | undefined,
  policy: AutoUpdatePolicy,
): string | undefined {
  if (declaredTag === undefined) return "the image has no tag to follow";
  if (policy === "digest") return undefined;
  const v = parseVersionTag(declaredTag);
  if (!v) return `tag "${declaredTag}" is not a version (like 1.2.3 or v1.2.3)`;
  if (v.preRelease !== undefined) return `tag "${declaredTag}" is a pre-release`;
  if (v.parts.length <= FIXED_PARTS[policy])
    return `tag "${declaredTag}" has too few components for ${policy} updates`;
  return undefined;
}
