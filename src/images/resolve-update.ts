/**
 * One registry look for one service: which tag its policy points at and that tag's digest, judged
 * against what it runs. The registry is a narrow interface (string references), satisfied by
 * src/registry's client through an adapter, so this module never knows about HTTP or credentials.
 */
import type { ServiceSpec } from "../core/index.js";
import { splitImage, taggedImage } from "./image-ref.js";
import { type CandidateVerdict, judgeCandidate, type KnownImages, targetTag } from "./judge-candidate.js";

export interface TagRegistry {
  /** The digest the registry serves for "repo:tag". */
  manifestDigest(ref: string): Promise<string>;
  /** Every tag of "repo" (the image reference without tag or digest). */
  listTags(repository: string): Promise<string[]>;
}

export type ResolvedCheck = CandidateVerdict | { kind: "no-tag"; reason: string };

export async function resolveUpdate(
  spec: ServiceSpec,
  known: KnownImages,
  registry: TagRegistry,
): Promise<ResolvedCheck> {
  const policy = spec.autoUpdate?.policy ?? "digest";
  const { repository } = splitImage(spec.image);
  const tags = policy === "digest" ? undefined : await registry.listTags(repository);
  const tag = targetTag(spec.image, policy, tags);
  if (tag === undefined) return { kind: "no-tag", reason: `no ${policy} candidate for ${spec.image}` };
  const digest = await registry.manifestDigest(taggedImage(repository, tag));
  return judgeCandidate(spec.image, known, { tag, digest });
}
