/**
 * The user's Docker credentials, read the way the docker CLI reads them: $DOCKER_CONFIG/config.json
 * (else ~/.docker/config.json), `credHelpers` for one registry, else `credsStore`, else `auths`.
 * Credentials live only in memory and in request headers; nothing here logs or stores them.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { HwError } from "../core/index.js";
import { RegistryErrorCode } from "./errors.js";
import { DOCKER_HUB } from "./image-ref.js";

export type RegistryCredentials =
  | { kind: "basic"; username: string; password: string }
  | { kind: "identityToken"; token: string; username?: string };

export interface CredentialSource {
  /** Credentials for a registry ("docker.io", "127.0.0.1:5000"), or undefined when there are none. */
  lookup(registry: string): Promise<RegistryCredentials | undefined>;
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** Docker Hub's key in config.json and for credential helpers. */
export const DOCKER_HUB_AUTH_KEY = "https://index.docker.io/v1/";

/** The key docker uses for a registry: Docker Hub's legacy URL, else the bare host[:port]. */
export function authKey(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_AUTH_KEY : registry;
}

/** "https://host:5000/v1/" → "host:5000"; Docker Hub's spellings → docker.io. */
function normalizeKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, "").split("/")[0] ?? "";
  if (host === "index.docker.io" || host === "registry-1.docker.io" || host === "docker.io")
    return DOCKER_HUB;
  return host;
}

export function dockerConfigPath(env: NodeJS.ProcessEnv): string {
  const dir = env.DOCKER_CONFIG || join(env.HOME || homedir(), ".docker");
  return join(dir, "config.json");
}

async function readConfig(path: string): Promise<DockerConfigFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new HwError(
      RegistryErrorCode.credentialHelper,
      `cannot read Docker config ${path}: ${(err as Error).message}`,
      {
        hint: "check the file's permissions, or point DOCKER_CONFIG at another directory",
      },
    );
  }
  try {
    return JSON.parse(text) as DockerConfigFile;
  } catch {
    throw new HwError(RegistryErrorCode.credentialHelper, `Docker config ${path} is not valid JSON`, {
      hint: "fix or recreate it with `docker login`",
    });
  }
}

function fromAuthEntry(
  entry: NonNullable<DockerConfigFile["auths"]>[string],
): RegistryCredentials | undefined {
  if (entry.identitytoken) return { kind: "identityToken", token: entry.identitytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon > 0)
      return { kind: "basic", username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password)
    return { kind: "basic", username: entry.username, password: entry.password };
  return undefined;
}

/**
 * `docker-credential-<name> get`: server URL on stdin, {Username, Secret} on stdout. The helper
 * protocol reports a missing entry as this exact text on stdout; anything else is a failure.
 */
const HELPER_NOT_FOUND = "credentials not found in native keychain";

function runHelper(
  helper: string,
  serverUrl: string,
  env: NodeJS.ProcessEnv,
): Promise<RegistryCredentials | undefined> {
  const program = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = execFile(program, ["get"], { env, timeout: 30_000, maxBuffer: 1 << 20 }, (err, stdout) => {
      if (err) {
        if (String(stdout).includes(HELPER_NOT_FOUND)) return resolve(undefined);
        const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
        return reject(
          new HwError(
            RegistryErrorCode.credentialHelper,
            missing
              ? `credential helper ${program} is not on PATH`
              : `credential helper ${program} failed for ${serverUrl}`,
            {
              hint: missing
                ? `install ${program}, or remove it from the Docker config`
                : `run \`echo ${serverUrl} | ${program} get\` to see why`,
            },
          ),
        );
      }
      try {
        const out = JSON.parse(String(stdout)) as { Username?: string; Secret?: string };
        if (!out.Secret) return resolve(undefined);
        // "<token>" as the user name marks an identity (refresh) token, as the docker CLI does.
        if (out.Username === "<token>") return resolve({ kind: "identityToken", token: out.Secret });
        resolve({ kind: "basic", username: out.Username ?? "", password: out.Secret });
      } catch {
        reject(
          new HwError(
            RegistryErrorCode.credentialHelper,
            `credential helper ${program} printed no valid JSON`,
            {
              hint: `run \`echo ${serverUrl} | ${program} get\` to see what it prints`,
            },
          ),
        );
      }
    });
    child.stdin?.end(serverUrl);
  });
}

/** Re-read on every lookup: a long-running daemon sees a later `docker login`. */
export function dockerConfigCredentials(env: NodeJS.ProcessEnv): CredentialSource {
  return {
    async lookup(registry) {
      const file = await readConfig(dockerConfigPath(env));
      const wanted = normalizeKey(registry);
      const helper =
        Object.entries(file.credHelpers ?? {}).find(([key]) => normalizeKey(key) === wanted)?.[1] ??
        file.credsStore;
      if (helper) {
        const found = await runHelper(helper, authKey(wanted), env);
        if (found) return found;
      }
      const entry = Object.entries(file.auths ?? {}).find(([key]) => normalizeKey(key) === wanted)?.[1];
      return entry ? fromAuthEntry(entry) : undefined;
    },
  };
}

/** The engine's X-Registry-Auth header: base64url (padded) of the AuthConfig JSON. */
export function registryAuthHeader(registry: string, creds: RegistryCredentials): string {
  const body =
    creds.kind === "basic"
      ? { username: creds.username, password: creds.password, serveraddress: authKey(registry) }
      : { identitytoken: creds.token, serveraddress: authKey(registry) };
  // URL-safe alphabet WITH padding: the engine decodes with Go's base64.URLEncoding, which rejects
  // unpadded input (and then pulls anonymously).
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}
