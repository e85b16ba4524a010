/**
 * The string-level parts of an image reference an auto-update needs: the repository to ask the
 * registry about, the tag to follow, and the reference a resolved update pins.
 */

export interface SplitImage {
  /** Everything before ":tag" / "@digest", registry host included. */
  repository: string;
  tag?: string;
  digest?: string;
}

export function splitImage(ref: string): SplitImage {
  const at = ref.indexOf("@");
  const name = at < 0 ? ref : ref.slice(0, at);
  const digest = at < 0 ? undefined : ref.slice(at + 1);
  const slash = name.lastIndexOf("/");
  const colon = name.indexOf(":", slash + 1);
  const repository = colon < 0 ? name : name.slice(0, colon);
  const tag = colon < 0 ? undefined : name.slice(colon + 1);
  return { repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** "repo:tag@sha256:…": the engine pulls by digest and the tag stays readable in ps and status. */
export function pinnedImage(repository: string, tag: string, digest: string): string {
  return `${repository}:${tag}@${digest}`;
}

/** "repo:tag" without any digest, for messages. */
export function taggedImage(repository: string, tag: string): string {
  return `${repository}:${tag}`;
}

export function shortDigest(digest: string | undefined): string {
  if (!digest) return "none";
  return digest.startsWith("sha256:") ? `sha256:${digest.slice(7, 19)}` : digest.slice(0, 12);
}
