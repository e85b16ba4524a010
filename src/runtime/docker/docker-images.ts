/**
 * ensureImage: use the local image when present, else pull it (progress forwarded line by line);
 * `pull: "always"` pulls even when present (the tag moved in the registry). Pulls carry the user's
 * Docker credentials as X-Registry-Auth. With the require-digest policy the reference must pin a
 * digest the local image really has.
 */
import { HwError, type ImageInfo, isHwError, type PullProgress, RuntimeErrorCode } from "../../core/index.js";
import {
  type CredentialSource,
  registryAuthHeader,
  parseImageRef as registryRef,
} from "../../registry/index.js";
import type { EngineClient } from "./engine-client.js";
import type { ApiImage, ApiPullMessage } from "./engine-types.js";
import { parseImageRef, repoDigestFor } from "./image-refs.js";
import { ndjson } from "./ndjson.js";

const PULL_HINT = "no registry reachable? build or load the image locally (docker build / docker load)";

/** Image names may contain "/" (kept as path separators) and ":" or "@" (escaped). */
function imagePath(ref: string): string {
  return ref.split("/").map(encodeURIComponent).join("/");
}

export async function inspectImage(client: EngineClient, ref: string): Promise<ApiImage | undefined> {
  const res = await client.request({
    path: `/images/${imagePath(ref)}/json`,
    accept: [404],
    what: `inspect image ${ref}`,
  });
  if (res.status === 404) {
    await res.body.dump();
    return undefined;
  }
  return (await res.body.json()) as ApiImage;
}

function imageMissing(ref: string, detail: string, cause?: unknown): HwError {
  return new HwError(RuntimeErrorCode.imageMissing, `image ${ref} is not available: ${detail}`, {
    hint: PULL_HINT,
    retryable: true,
    cause,
  });
}

/** The X-Registry-Auth header for the reference's registry, when the Docker config has credentials. */
async function authHeaders(ref: string, credentials?: CredentialSource): Promise<Record<string, string>> {
  if (!credentials) return {};
  const registry = registryRef(ref).registry;
  const creds = await credentials.lookup(registry);
  return creds ? { "X-Registry-Auth": registryAuthHeader(registry, creds) } : {};
}

export async function pullImage(
  client: EngineClient,
  ref: string,
  onProgress?: PullProgress,
  credentials?: CredentialSource,
): Promise<void> {
  const parsed = parseImageRef(ref);
  const headers = await authHeaders(ref, credentials);
  const name = ref
    .slice(0, ref.length - (parsed.digest ? parsed.digest.length + 1 : 0))
    .replace(/:[^/:]+$/, "");
  let res: Awaited<ReturnType<EngineClient["request"]>>;
  try {
    res = await client.request({
      method: "POST",
      path: "/images/create",
      // A digest wins over a tag; without either Docker would pull every tag, so default "latest".
      query: {
        fromImage: parsed.tag || parsed.digest ? name : ref,
        tag: parsed.digest ?? parsed.tag ?? "latest",
      },
      stream: true,
      headers,
      what: `pull ${ref}`,
    });
  } catch (err) {
    if (isHwError(err) && err.code !== RuntimeErrorCode.unavailable)
      throw imageMissing(ref, err.message, err);
    throw err;
  }
  // A pull that fails half-way still answered 200: the failure arrives as an {error} line.
  for await (const msg of ndjson<ApiPullMessage>(res.body)) {
    if (msg.error || msg.errorDetail?.message)
      throw imageMissing(ref, msg.errorDetail?.message ?? msg.error ?? "");
    if (onProgress && msg.status) {
      onProgress([msg.id, msg.status, msg.progress].filter((s) => s !== undefined && s !== "").join(" "));
    }
  }
}

function checkDigest(ref: string, digests: string[]): void {
  const wanted = parseImageRef(ref).digest;
  if (wanted === undefined) {
    throw new HwError(RuntimeErrorCode.digestMismatch, `image ${ref} is not pinned by digest`, {
      hint: "the image policy requires references like name@sha256:…",
    });
  }
  if (!digests.some((d) => d.endsWith(`@${wanted}`))) {
    throw new HwError(
      RuntimeErrorCode.digestMismatch,
      `local image for ${ref} does not carry digest ${wanted}`,
      {
        hint: `local digests: ${digests.join(", ") || "none (built or loaded locally)"}`,
      },
    );
  }
}

export async function ensureImage(
  client: EngineClient,
  ref: string,
  opts: {
    requireDigest: boolean;
    onProgress?: PullProgress;
    pull?: "missing" | "always";
    credentials?: CredentialSource;
  },
): Promise<ImageInfo> {
  let image = opts.pull === "always" ? undefined : await inspectImage(client, ref);
  let pulled = false;
  if (image === undefined) {
    await pullImage(client, ref, opts.onProgress, opts.credentials);
    pulled = true;
    image = await inspectImage(client, ref);
    if (image === undefined) throw imageMissing(ref, "the pull finished but the image is not present");
  }
  const digests = image.RepoDigests ?? [];
  if (opts.requireDigest) checkDigest(ref, digests);
  return toImageInfo(ref, image, pulled);
}

function toImageInfo(ref: string, image: ApiImage, pulled: boolean): ImageInfo {
  const digests = image.RepoDigests ?? [];
  const digest = repoDigestFor(ref, digests);
  return { ref, id: image.Id, digests, pulled, ...(digest ? { digest } : {}) };
}

/** The local image a reference names, without pulling. */
export async function localImageInfo(client: EngineClient, ref: string): Promise<ImageInfo | undefined> {
  const image = await inspectImage(client, ref);
  return image ? toImageInfo(ref, image, false) : undefined;
}
