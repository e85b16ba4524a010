/** The registry client against a real registry (docker-registry with htpasswd auth on loopback). */
import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasCode } from "../../src/core/index.js";
import { createRegistryClient, parseImageRef, RegistryErrorCode } from "../../src/registry/index.js";
import { createDockerAdapter } from "../../src/runtime/docker/index.js";
import { dockerHost } from "../harness/index.js";
import {
  pushTestImage,
  registryDockerConfig,
  removeLocalImage,
  startRegistry,
  type TestRegistry,
  writeDockerConfig,
} from "../harness/registry.js";

let registry: TestRegistry;
let dockerConfig: string;
let first: { ref: string; digest: string };

beforeAll(async () => {
  registry = await startRegistry();
  dockerConfig = await registryDockerConfig(registry);
  first = await pushTestImage(registry, "regclient/app:1.0.0", { variant: "a", dockerConfig });
  await pushTestImage(registry, "regclient/app:1.1.0", { variant: "b", dockerConfig });
});

afterAll(async () => {
  await registry?.stop();
});

describe("registry client (real registry)", () => {
  it("reads a tag's digest with the credentials from DOCKER_CONFIG, matching what the engine recorded", async () => {
    const client = createRegistryClient({ env: { DOCKER_CONFIG: dockerConfig } });
    expect(await client.manifestDigest(parseImageRef(first.ref))).toBe(first.digest);
  });

  it("lists tags, following pagination", async () => {
    const client = createRegistryClient({ env: { DOCKER_CONFIG: dockerConfig } });
    const tags = await client.listTags(parseImageRef(`${registry.host}/regclient/app`));
    expect([...tags].sort()).toEqual(["1.0.0", "1.1.0"]);
  });

  it("wrong credentials are unauthorized with a hint, and the message never carries the password", async () => {
    const wrong = await writeDockerConfig({ [registry.host]: { user: registry.user, password: "not-it" } });
    const client = createRegistryClient({ env: { DOCKER_CONFIG: wrong } });
    const err = await client.manifestDigest(parseImageRef(first.ref)).catch((e: unknown) => e);
    expect(hasCode(err, RegistryErrorCode.unauthorized)).toBe(true);
    expect((err as Error & { hint: string }).hint).toContain("docker login");
    expect(JSON.stringify({ m: (err as Error).message, h: (err as { hint: string }).hint })).not.toContain(
      "not-it",
    );
  });

  it("no credentials at all are unauthorized too", async () => {
    const none = await writeDockerConfig({});
    const client = createRegistryClient({ env: { DOCKER_CONFIG: none } });
    const err = await client.manifestDigest(parseImageRef(first.ref)).catch((e: unknown) => e);
    expect(hasCode(err, RegistryErrorCode.unauthorized)).toBe(true);
  });

  it("an unknown tag is not found", async () => {
    const client = createRegistryClient({ env: { DOCKER_CONFIG: dockerConfig } });
    const err = await client
      .manifestDigest(parseImageRef(`${registry.host}/regclient/app:9.9.9`))
      .catch((e: unknown) => e);
    expect(hasCode(err, RegistryErrorCode.notFound)).toBe(true);
  });

  it("a registry nobody listens on is unreachable", async () => {
    const client = createRegistryClient({ env: { DOCKER_CONFIG: dockerConfig } });
    const err = await client.manifestDigest(parseImageRef("127.0.0.1:1/x/y:1")).catch((e: unknown) => e);
    expect(hasCode(err, RegistryErrorCode.unreachable)).toBe(true);
  });

  it("the Docker adapter pulls with credentials from a credsStore helper (X-Registry-Auth)", async () => {
    const bin = await mkdtemp(join(tmpdir(), "hw-credhelper-"));
    const helper = join(bin, "docker-credential-hwtest");
    // A real helper executable on PATH, answering the helper protocol for this registry only.
    await writeFile(
      helper,
      [
        "#!/bin/sh",
        `read url; if [ "$url" = "${registry.host}" ]; then`,
        `  printf '{"ServerURL":"%s","Username":"${registry.user}","Secret":"${registry.password}"}' "$url"`,
        "else echo 'credentials not found in native keychain'; exit 1; fi",
        "",
      ].join("\n"),
    );
    await chmod(helper, 0o755);
    const configDir = await mkdtemp(join(tmpdir(), "hw-docker-config-"));
    await writeFile(join(configDir, "config.json"), JSON.stringify({ credsStore: "hwtest" }));
    const env = { DOCKER_CONFIG: configDir, PATH: `${bin}:${process.env.PATH ?? ""}` };
    await removeLocalImage(first.ref, dockerConfig);
    const adapter = createDockerAdapter({ host: dockerHost(), env });
    try {
      const info = await adapter.ensureImage(first.ref, { requireDigest: false });
      expect(info).toMatchObject({ pulled: true, digest: first.digest });
      // The registry client reads the same helper.
      expect(await createRegistryClient({ env }).manifestDigest(parseImageRef(first.ref))).toBe(first.digest);
    } finally {
      await adapter.close();
      await removeLocalImage(first.ref, dockerConfig);
    }
  });
});
