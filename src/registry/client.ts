/**
 * A small Registry HTTP API v2 client: a tag's manifest digest (HEAD, not a pull) and the tag list.
 * Authentication follows the registry's challenge: Bearer tokens from the realm it names (with the
 * user's credentials, if any, as Basic or an identity token), or Basic directly.
 */
import { createHash } from "node:crypto";
import { type AuthChallenge, nextLink, parseChallenge } from "./auth-challenge.js";
import { type CredentialSource, dockerConfigCredentials, type RegistryCredentials } from "./credentials.js";
import { badResponse, notFound, rateLimited, unauthorized, unreachable } from "./errors.js";
import { type ImageRef, manifestReference, registryHost, registryScheme } from "./image-ref.js";

export interface RegistryClient {
  /** The digest the registry serves for the reference's tag (or its pinned digest), "sha256:…". */
  manifestDigest(ref: ImageRef): Promise<string>;
  /** Every tag of the reference's repository, in the registry's order. */
  listTags(ref: ImageRef): Promise<string[]>;
}

export interface RegistryClientOptions {
  env: NodeJS.ProcessEnv;
  /** Defaults to the Docker config the env points at. */
  credentials?: CredentialSource;
  /** Per request; default 15 s. */
  timeoutMs?: number;
}

/** Index/list types first, so the digest is the one `docker pull` records (multi-arch aware). */
export const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
].join(", ");

function basic(creds: Extract<RegistryCredentials, { kind: "basic" }>): string {
  return `Basic ${Buffer.from(`${creds.username}:${creds.password}`, "utf8").toString("base64")}`;
}

export function createRegistryClient(opts: RegistryClientOptions): RegistryClient {
  const credentials = opts.credentials ?? dockerConfigCredentials(opts.env);
  const timeoutMs = opts.timeoutMs ?? 15_000;
  /** Authorization header per registry + scope, so a tag check after the first costs one request. */
  const authCache = new Map<string, string>();

  async function send(ref: ImageRef, url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: "follow", signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const detail = cause?.code ?? cause?.message ?? (err as Error).message;
      throw unreachable(ref, detail, err);
    }
  }

  async function fetchToken(
    ref: ImageRef,
    challenge: AuthChallenge,
    creds: RegistryCredentials | undefined,
    scope: string,
  ): Promise<string> {
    const realm = challenge.params.realm;
    if (!realm) throw badResponse(ref, "Bearer challenge without a realm");
    const service = challenge.params.service;
    const scopeParam = challenge.params.scope ?? scope;
    let res: Response;
    if (creds?.kind === "identityToken") {
      // An identity token is an OAuth2 refresh token: exchanged by POST, as the docker CLI does.
      const form = new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: creds.token,
        client_id: "hostwright",
      });
      if (service) form.set("service", service);
      if (scopeParam) form.set("scope", scopeParam);
      res = await send(ref, realm, {
        method: "POST",
        body: form,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    } else {
      const url = new URL(realm);
      if (service) url.searchParams.set("service", service);
      if (scopeParam) url.searchParams.set("scope", scopeParam);
      url.searchParams.set("client_id", "hostwright");
      res = await send(ref, url.toString(), {
        headers: creds?.kind === "basic" ? { authorization: basic(creds) } : {},
      });
    }
    if (res.status === 401 || res.status === 403) {
      await res.body?.cancel();
      throw unauthorized(ref, res.status, creds !== undefined);
    }
    if (res.status === 429) throw rateLimited(ref, res.headers.get("retry-after"));
    if (!res.ok) {
      await res.body?.cancel();
      throw badResponse(ref, `token endpoint answered ${res.status}`);
    }
    const body = (await res.json().catch(() => ({}))) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw badResponse(ref, "token endpoint returned no token");
    return `Bearer ${token}`;
  }

  /** One request with auth: try the cached header (or none), answer a 401 challenge once. */
  async function request(
    ref: ImageRef,
    path: string,
    method: "GET" | "HEAD",
    headers: Record<string, string>,
  ): Promise<Response> {
    const base = `${registryScheme(ref.registry)}://${registryHost(ref.registry)}`;
    const scope = `repository:${ref.repository}:pull`;
    const key = `${ref.registry} ${scope}`;
    const url = path.startsWith("http") ? path : `${base}${path}`;
    const cached = authCache.get(key);
    let res = await send(ref, url, {
      method,
      headers: { ...headers, ...(cached ? { authorization: cached } : {}) },
    });
    if (res.status !== 401) return res;
    await res.body?.cancel();
    const challenge = parseChallenge(res.headers.get("www-authenticate"));
    const creds = await credentials.lookup(ref.registry);
    let authorization: string;
    if (challenge?.scheme === "bearer") authorization = await fetchToken(ref, challenge, creds, scope);
    else if (creds?.kind === "basic") authorization = basic(creds);
    else throw unauthorized(ref, 401, creds !== undefined);
    authCache.set(key, authorization);
    res = await send(ref, url, { method, headers: { ...headers, authorization } });
    if (res.status === 401) {
      authCache.delete(key);
      await res.body?.cancel();
      throw unauthorized(ref, 401, creds !== undefined);
    }
    return res;
  }

  async function failOn(ref: ImageRef, res: Response, what: "manifest" | "repository"): Promise<void> {
    if (res.ok) return;
    await res.body?.cancel();
    if (res.status === 401 || res.status === 403)
      throw unauthorized(ref, res.status, (await credentials.lookup(ref.registry)) !== undefined);
    if (res.status === 404) throw notFound(ref, what);
    if (res.status === 429) throw rateLimited(ref, res.headers.get("retry-after"));
    throw badResponse(ref, `HTTP ${res.status}`);
  }

  return {
    async manifestDigest(ref) {
      const path = `/v2/${ref.repository}/manifests/${manifestReference(ref)}`;
      const head = await request(ref, path, "HEAD", { accept: MANIFEST_ACCEPT });
      await failOn(ref, head, "manifest");
      const digest = head.headers.get("docker-content-digest");
      if (digest) return digest;
      // Some registries omit the header on HEAD: the digest is the sha256 of the exact bytes served.
      const get = await request(ref, path, "GET", { accept: MANIFEST_ACCEPT });
      await failOn(ref, get, "manifest");
      const fromHeader = get.headers.get("docker-content-digest");
      const bytes = Buffer.from(await get.arrayBuffer());
      return fromHeader ?? `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
    },

    async listTags(ref) {
      const tags: string[] = [];
      let path: string | undefined = `/v2/${ref.repository}/tags/list?n=1000`;
      const base = `${registryScheme(ref.registry)}://${registryHost(ref.registry)}`;
      // A bound on pages keeps a misbehaving registry from looping forever.
      for (let page = 0; path !== undefined && page < 1000; page++) {
        const res = await request(ref, path, "GET", { accept: "application/json" });
        await failOn(ref, res, "repository");
        const body = (await res.json().catch(() => undefined)) as { tags?: string[] | null } | undefined;
        if (body === undefined) throw badResponse(ref, "tag list is not JSON");
        tags.push(...(body.tags ?? []));
        const next = nextLink(res.headers.get("link"));
        path = next === undefined ? undefined : new URL(next, base).toString();
      }
      return tags;
    },
  };
}
