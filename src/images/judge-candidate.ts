/**
 * What a registry answer means for one service, as a pure decision: the tag and digest the policy
 * resolved to, against what the service runs now (an applied update, else the declared tag at its
 * first-seen digest) and the digests that failed before.
 */
import type { AutoUpdatePolicy } from "../core/index.js";
import { splitImage } from "./image-ref.js";
import { selectTag } from "./select-candidate.js";

export interface CurrentImage {
  tag: string;
  /** Unknown until the first check records the declared tag's digest. */
  digest?: string;
}

export interface KnownImages {
  /** The applied update, if any. */
  applied?: { tag: string; digest: string };
  /** `digest` of the declared tag when first checked. */
  baselineDigest?: string;
  failed: readonly { digest: string }[];
}

export type CandidateVerdict =
  /** First look at the declared tag: its digest is taken as what runs. */
  | { kind: "baseline"; tag: string; digest: string }
  | { kind: "current"; tag: string; digest: string }
  | { kind: "failed-before"; tag: string; digest: string }
  | { kind: "available"; tag: string; digest: string; from: CurrentImage };

/** The tag to ask the registry for: the declared one (digest) or the highest in range. */
export function targetTag(
  declaredImage: string,
  policy: AutoUpdatePolicy,
  tags: readonly string[] | undefined,
): string | undefined {
  const declared = splitImage(declaredImage).tag;
  if (declared === undefined) return undefined;
  if (policy === "digest") return declared;
  return selectTag(declared, tags ?? [], policy);
}

export function judgeCandidate(
  declaredImage: string,
  known: KnownImages,
  found: { tag: string; digest: string },
): CandidateVerdict {
  const declared = splitImage(declaredImage);
  const current: CurrentImage = known.applied ?? {
    tag: declared.tag ?? "latest",
    // A reference pinned with a digest says what runs; otherwise the first check decides.
    ...((declared.digest ?? known.baselineDigest) ? { digest: declared.digest ?? known.baselineDigest } : {}),
  };
  const { tag, digest } = found;
  if (current.digest === undefined && tag === current.tag) return { kind: "baseline", tag, digest };
  if (tag === current.tag && digest === current.digest) return { kind: "current", tag, digest };
  if (known.failed.some((f) => f.digest === digest)) return { kind: "failed-before", tag, digest };
  return { kind: "available", tag, digest, from: current };
}
