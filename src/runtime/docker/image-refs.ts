/**
 * Image references, the way Docker resolves them: "nginx" means docker.io/library/nginx:latest,
 * and a digest wins over a tag. Observe reports `images` keyed by the references users write, so
 * every local tag is listed under its familiar and fully-qualified spellings.
 */
import { splitImageRef } from "../../registry/index.js";
import type { ApiImage } from "./engine-types.js";

export interface ParsedImageRef {
  /** Fully qualified repository: "docker.io/library/nginx", "hostwright.local/busybox". */
  repository: string;
  /** The short form Docker prints: "nginx", "me/app", "hostwright.local/busybox". */
  familiar: string;
  tag?: string;
  digest?: string;
}

export function parseImageRef(ref: string): ParsedImageRef {
  const { name, tag, digest } = splitImageRef(ref);

  const first = name.split("/")[0] ?? "";
  const hasDomain =
    name.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  let repository = hasDomain ? name.replace(/^index\.docker\.io\//, "docker.io/") : `docker.io/${name}`;
  // Official images live under library/: "nginx" and "docker.io/nginx" are docker.io/library/nginx.
  if (repository.startsWith("docker.io/") && !repository.slice("docker.io/".length).includes("/")) {
    repository = `docker.io/library/${repository.slice("docker.io/".length)}`;
  }
  const familiar = repository.startsWith("docker.io/library/")
    ? repository.slice("docker.io/library/".length)
    : repository.startsWith("docker.io/")
      ? repository.slice("docker.io/".length)
      : repository;
  return { repository, familiar, ...(tag === undefined ? {} : { tag }), ...(digest ? { digest } : {}) };
}

/** The one key two spellings of the same reference share. */
export function canonicalImageKey(ref: string): string {
  const p = parseImageRef(ref);
  return p.digest ? `${p.repository}@${p.digest}` : `${p.repository}:${p.tag ?? "latest"}`;
}

/** Spellings a user might write for a RepoTag or RepoDigest Docker reports. */
export function imageRefAliases(reported: string): string[] {
  const p = parseImageRef(reported);
  const names = [...new Set([p.familiar, p.repository])];
  if (p.digest) return names.map((n) => `${n}@${p.digest}`);
  const tag = p.tag ?? "latest";
  return names.flatMap((n) => (tag === "latest" ? [`${n}:latest`, n] : [`${n}:${tag}`]));
}

/** Every local reference (all spellings) → image id, from one GET /images/json. */
export function indexImages(images: ApiImage[]): {
  byAlias: Map<string, string>;
  byKey: Map<string, string>;
} {
  const byAlias = new Map<string, string>();
  const byKey = new Map<string, string>();
  for (const image of images) {
    for (const reported of [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])]) {
      if (reported.startsWith("<none>")) continue;
      byKey.set(canonicalImageKey(reported), image.Id);
      for (const alias of imageRefAliases(reported)) byAlias.set(alias, image.Id);
    }
  }
  return { byAlias, byKey };
}

/** The id a reference resolves to locally, however it is spelled; image ids resolve to themselves. */
export function resolveImageId(
  ref: string,
  index: { byKey: Map<string, string> },
  knownIds: ReadonlySet<string>,
): string | undefined {
  if (knownIds.has(ref)) return ref;
  return index.byKey.get(canonicalImageKey(ref));
}

/**
 * The digest ("sha256:…") among an image's RepoDigests that belongs to the reference's repository.
 * Docker reports a container's image as its bare id once the tag moved on: then the digest is known
 * only when every repository holds the image under the same manifest digest (the usual case).
 */
export function repoDigestFor(ref: string, repoDigests: readonly string[]): string | undefined {
  const digests = repoDigests.flatMap((r) => {
    const p = parseImageRef(r);
    return p.digest ? [{ repository: p.repository, digest: p.digest }] : [];
  });
  if (/^sha256:[0-9a-f]{64}$/.test(ref)) {
    const distinct = new Set(digests.map((d) => d.digest));
    return distinct.size === 1 ? digests[0]?.digest : undefined;
  }
  const repository = parseImageRef(ref).repository;
  return digests.find((d) => d.repository === repository)?.digest;
}
