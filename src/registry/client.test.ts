import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hasCode } from "../core/index.js";
import { createRegistryClient } from "./client.js";
import { dockerConfigCredentials, registryAuthHeader } from "./credentials.js";
import { RegistryErrorCode } from "./errors.js";
import { parseImageRef } from "./image-ref.js";

const DIGEST = `sha256:${"a".repeat(64)}`;
let server: Server | undefined;

afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

/** A registry that wants a Bearer token from its own /token realm, issued for user:secret only. */
async function tokenRegistry(handle?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<{
  host: string;
  seen: string[];
}> {
  const seen: string[] = [];
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? "-"}`);
    const host = req.headers.host;
    if (handle?.(req, res)) return;
    if (req.url?.startsWith("/token")) {
      const url = new URL(req.url, `http://${host}`);
      const ok = req.headers.authorization === `Basic ${Buffer.from("user:secret").toString("base64")}`;
      if (!ok || url.searchParams.get("scope") !== "repository:team/app:pull") {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ token: "T0K" }));
      return;
    }
    if (req.headers.authorization !== "Bearer T0K") {
      res
        .writeHead(401, {
          "www-authenticate": `Bearer realm="http://${host}/token",service="test",scope="repository:team/app:pull"`,
        })
        .end();
      return;
    }
    if (req.url === "/v2/team/app/manifests/1.0") {
      res.writeHead(200, { "docker-content-digest": DIGEST }).end();
      return;
    }
    if (req.url === "/v2/team/app/tags/list?n=1000") {
      res
        .writeHead(200, { link: '</v2/team/app/tags/list?n=1000&last=b>; rel="next"' })
        .end(JSON.stringify({ tags: ["a", "b"] }));
      return;
    }
    if (req.url === "/v2/team/app/tags/list?n=1000&last=b") {
      res.writeHead(200).end(JSON.stringify({ tags: ["c"] }));
      return;
    }
    res.writeHead(404).end();
  });
  const listening = server;
  await new Promise<void>((r) => listening.listen(0, "127.0.0.1", r));
  return { host: `127.0.0.1:${(listening.address() as AddressInfo).port}`, seen };
}

async function configDir(config: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "hw-regunit-"));
  await writeFile(join(dir, "config.json"), JSON.stringify(config));
  return dir;
}

function authFor(host: string, user: string, password: string): Record<string, unknown> {
  return { auths: { [host]: { auth: Buffer.from(`${user}:${password}`).toString("base64") } } };
}

describe("registry client token flow", () => {
  it("answers a Bearer challenge with a token fetched using the config's credentials, then reuses it", async () => {
    const { host, seen } = await tokenRegistry();
    const env = { DOCKER_CONFIG: await configDir(authFor(host, "user", "secret")) };
    const client = createRegistryClient({ env });
    const ref = parseImageRef(`${host}/team/app:1.0`);
    expect(await client.manifestDigest(ref)).toBe(DIGEST);
    expect(await client.manifestDigest(ref)).toBe(DIGEST);
    // challenge, token, retried HEAD, then the second call goes straight through with the token.
    expect(seen.filter((s) => s.startsWith("HEAD")).length).toBe(3);
    expect(seen.filter((s) => s.startsWith("GET /token")).length).toBe(1);
  });

  it("follows Link pagination for tags", async () => {
    const { host } = await tokenRegistry();
    const env = { DOCKER_CONFIG: await configDir(authFor(host, "user", "secret")) };
    const tags = await createRegistryClient({ env }).listTags(parseImageRef(`${host}/team/app`));
    expect(tags).toEqual(["a", "b", "c"]);
  });

  it("a refused token request is unauthorized, without the password in message or hint", async () => {
    const { host } = await tokenRegistry();
    const env = { DOCKER_CONFIG: await configDir(authFor(host, "user", "hunter2-wrong")) };
    const err = await createRegistryClient({ env })
      .manifestDigest(parseImageRef(`${host}/team/app:1.0`))
      .catch((e: unknown) => e);
    expect(hasCode(err, RegistryErrorCode.unauthorized)).toBe(true);
    expect(JSON.stringify(err) + String(err)).not.toContain("hunter2");
  });

  it("429 is rate limited with the Retry-After in the hint", async () => {
    const { host } = await tokenRegistry((_req, res) => {
      res.writeHead(429, { "retry-after": "30" }).end();
      return true;
    });
    const err = await createRegistryClient({ env: { DOCKER_CONFIG: await configDir({}) } })
      .manifestDigest(parseImageRef(`${host}/team/app:1.0`))
      .catch((e: unknown) => e);
    expect(hasCode(err, RegistryErrorCode.rateLimited)).toBe(true);
    expect((err as { hint: string }).hint).toContain("30");
  });

  it("computes the digest from the body when HEAD carries no Docker-Content-Digest", async () => {
    const body = '{"schemaVersion":2}';
    const { host } = await tokenRegistry((req, res) => {
      res
        .writeHead(200, req.method === "HEAD" ? {} : { "content-type": "application/json" })
        .end(req.method === "HEAD" ? undefined : body);
      return true;
    });
    const { createHash } = await import("node:crypto");
    const digest = await createRegistryClient({ env: { DOCKER_CONFIG: await configDir({}) } }).manifestDigest(
      parseImageRef(`${host}/team/app:1.0`),
    );
    expect(digest).toBe(`sha256:${createHash("sha256").update(body).digest("hex")}`);
  });
});

describe("credentials", () => {
  it("asks docker-credential-<credsStore> and credHelpers, falling back to auths", async () => {
    const bin = await mkdtemp(join(tmpdir(), "hw-credhelper-"));
    const script = join(bin, "docker-credential-fake");
    // A real helper executable: answers for reg.example:5000, "not found" (helper protocol) otherwise.
    await writeFile(
      script,
      [
        "#!/bin/sh",
        'read url; if [ "$url" = "reg.example:5000" ]; then',
        '  echo \'{"ServerURL":"reg.example:5000","Username":"helper-user","Secret":"helper-pass"}\'',
        "else echo 'credentials not found in native keychain'; exit 1; fi",
        "",
      ].join("\n"),
    );
    await chmod(script, 0o755);
    const env = {
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      DOCKER_CONFIG: await configDir({
        credHelpers: { "reg.example:5000": "fake" },
        credsStore: "fake",
        auths: { "https://index.docker.io/v1/": { auth: Buffer.from("hub:hubpw").toString("base64") } },
      }),
    };
    const source = dockerConfigCredentials(env);
    expect(await source.lookup("reg.example:5000")).toEqual({
      kind: "basic",
      username: "helper-user",
      password: "helper-pass",
    });
    expect(await source.lookup("docker.io")).toEqual({ kind: "basic", username: "hub", password: "hubpw" });
    expect(await source.lookup("other.example")).toBeUndefined();
  });

  it("a missing helper is a typed error with a hint", async () => {
    const env = { PATH: "/nonexistent", DOCKER_CONFIG: await configDir({ credsStore: "absent" }) };
    const err = await dockerConfigCredentials(env)
      .lookup("x.example")
      .catch((e: unknown) => e);
    expect(hasCode(err, RegistryErrorCode.credentialHelper)).toBe(true);
  });

  it("X-Registry-Auth is base64url JSON with Docker Hub's legacy server address", () => {
    const header = registryAuthHeader("docker.io", { kind: "basic", username: "u", password: "p?>" });
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({
      username: "u",
      password: "p?>",
      serveraddress: "https://index.docker.io/v1/",
    });
    expect(header).not.toMatch(/[+/]/);
    expect(header.length % 4).toBe(0);
  });
});

describe("parseImageRef", () => {
  it("applies Docker Hub defaults and keeps registries with ports", () => {
    expect(parseImageRef("nginx")).toEqual({
      registry: "docker.io",
      repository: "library/nginx",
      tag: "latest",
    });
    expect(parseImageRef("127.0.0.1:5000/a/b:1.2@sha256:x")).toEqual({
      registry: "127.0.0.1:5000",
      repository: "a/b",
      tag: "1.2",
      digest: "sha256:x",
    });
    expect(parseImageRef("me/app@sha256:y")).toEqual({
      registry: "docker.io",
      repository: "me/app",
      digest: "sha256:y",
    });
  });
});
