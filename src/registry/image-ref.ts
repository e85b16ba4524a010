/**
 * An image reference as the registry sees it: which host to ask, which repository, which tag or
 * digest. Docker Hub defaults: "nginx" is registry-1.docker.io, repository library/nginx, tag latest.
 */
export interface ImageRef {
  /** Host[:port] as written ("docker.io" for Docker Hub; see registryHost for where to connect). */
  registry: string;
  /** Path inside the registry: "library/nginx", "team/app". */
  repository: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = "docker.io";

/**
 * A reference split as written: the name before any tag, the tag (a colon after the last slash, so
 * a registry port is not one) and the digest after `@`. No defaults: both parsers below add theirs.
 */
export function splitImageRef(ref: string): { name: string; tag?: string; digest?: string } {
  const at = ref.indexOf("@");
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const nameAndTag = at >= 0 ? ref.slice(0, at) : ref;
  const lastSlash = nameAndTag.lastIndexOf("/");
  const colon = nameAndTag.lastIndexOf(":");
  const hasTag = colon > lastSlash;
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = hasTag ? nameAndTag.slice(colon + 1) : undefined;
  return { name, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

export function parseImageRef(ref: string): ImageRef {
  const { name, tag, digest } = splitImageRef(ref);

  const slash = name.indexOf("/");
  const first = slash >= 0 ? name.slice(0, slash) : "";
  const hasDomain = slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  let registry = hasDomain ? first : DOCKER_HUB;
  let repository = hasDomain ? name.slice(slash + 1) : name;
  if (registry === "index.docker.io" || registry === "registry-1.docker.io") registry = DOCKER_HUB;
  // Official images live under library/ on Docker Hub.
  if (registry === DOCKER_HUB && !repository.includes("/")) repository = `library/${repository}`;
  return {
    registry,
    repository,
    ...(tag === undefined && digest === undefined ? { tag: "latest" } : {}),
    ...(tag === undefined ? {} : { tag }),
    ...(digest ? { digest } : {}),
  };
}

/** The reference the manifest endpoint takes: the digest when pinned, else the tag. */
export function manifestReference(ref: ImageRef): string {
  return ref.digest ?? ref.tag ?? "latest";
}

/** "registry/repository:tag" for messages (never carries credentials). */
export function formatImageRef(ref: ImageRef): string {
  const name = `${ref.registry}/${ref.repository}`;
  if (ref.digest) return `${name}@${ref.digest}`;
  return `${name}:${ref.tag ?? "latest"}`;
}

/** Where to connect: Docker Hub's API lives on registry-1.docker.io. */
export function registryHost(registry: string): string {
  return registry === DOCKER_HUB ? "registry-1.docker.io" : registry;
}

/** Loopback registries speak plain HTTP (as the engine treats 127.0.0.0/8); everything else HTTPS. */
export function registryScheme(registry: string): "http" | "https" {
  const host = registry.startsWith("[")
    ? registry.slice(0, registry.indexOf("]") + 1)
    : registry.split(":")[0];
  if (host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host ?? "")) {
    return "http";
  }
  return "https";
}
