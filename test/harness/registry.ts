/**
 * A real registry for engine tests: Debian's docker-registry (distribution 2.8) on a free loopback
 * port with htpasswd (bcrypt) auth and a temporary storage directory. The engine treats 127.0.0.0/8
 * registries as insecure, so everything here speaks plain HTTP. Images pushed here are built from
 * the busybox test image, one variant per call, so every push has its own digest.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { dockerHost, TEST_IMAGE } from "./engine.js";

export interface TestRegistry {
  /** "127.0.0.1:PORT": the registry part of image references. */
  host: string;
  user: string;
  password: string;
  stop(): Promise<void>;
}

const REGISTRY_BIN = "/usr/bin/docker-registry";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function registryConfig(port: number, storage: string, htpasswd: string): string {
  return [
    "version: 0.1",
    "log:",
    "  level: warn",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${storage}`,
    "  delete:",
    "    enabled: true",
    "http:",
    `  addr: 127.0.0.1:${port}`,
    "auth:",
    "  htpasswd:",
    "    realm: hostwright-test",
    `    path: ${htpasswd}`,
    "",
  ].join("\n");
}

async function waitUntilServing(host: string, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${stderr()}`);
    try {
      const res = await fetch(`http://${host}/v2/`);
      await res.body?.cancel();
      if (res.status === 401 || res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry on ${host} did not answer: ${stderr()}`);
}

export async function startRegistry(opts: { user?: string; password?: string } = {}): Promise<TestRegistry> {
  if (!existsSync(REGISTRY_BIN)) throw new Error(`${REGISTRY_BIN} missing: apt-get install docker-registry`);
  const user = opts.user ?? "hwuser";
  const password = opts.password ?? `pw-${Math.random().toString(36).slice(2, 12)}`;
  const dir = await mkdtemp(join(tmpdir(), "hw-registry-"));
  const storage = join(dir, "storage");
  await mkdir(storage);
  const htpasswd = join(dir, "htpasswd");
  const line = await execa("htpasswd", ["-Bbn", user, password]);
  await writeFile(htpasswd, `${line.stdout.trim()}\n`);
  const port = await freePort();
  const config = join(dir, "config.yml");
  await writeFile(config, registryConfig(port, storage, htpasswd));
  const child = spawn(REGISTRY_BIN, ["serve", config], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-4000);
  });
  const host = `127.0.0.1:${port}`;
  try {
    await waitUntilServing(host, child, () => err);
  } catch (e) {
    child.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    host,
    user,
    password,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A temporary DOCKER_CONFIG directory whose config.json has `auths` (and anything else given). */
export async function writeDockerConfig(
  auths: Record<string, { user: string; password: string }>,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "hw-docker-config-"));
  const entries = Object.fromEntries(
    Object.entries(auths).map(([host, c]) => [
      host,
      { auth: Buffer.from(`${c.user}:${c.password}`).toString("base64") },
    ]),
  );
  await writeFile(join(dir, "config.json"), JSON.stringify({ auths: entries, ...extra }, null, 2));
  return dir;
}

/** A DOCKER_CONFIG for the registry's own user (what tests push with). */
export function registryDockerConfig(registry: TestRegistry): Promise<string> {
  return writeDockerConfig({ [registry.host]: { user: registry.user, password: registry.password } });
}

function dockerBinary(): string {
  return ["/usr/local/bin/docker", "/usr/bin/docker"].find((p) => existsSync(p)) ?? "docker";
}

async function docker(args: string[], dockerConfig: string, input?: string): Promise<string> {
  const result = await execa(dockerBinary(), args, {
    env: { DOCKER_HOST: dockerHost(), DOCKER_CONFIG: dockerConfig, DOCKER_BUILDKIT: "0" },
    reject: false,
    timeout: 120_000,
    ...(input === undefined ? {} : { input }),
  });
  if (result.exitCode !== 0)
    throw new Error(`docker ${args.join(" ")} failed (${result.exitCode}): ${result.stderr}`);
  return result.stdout;
}

/**
 * Build a variant of the test image (a label and a file carry `variant`, so the digest differs
 * per variant), tag it `<registry>/<repoTag>` and push it. Returns the full reference and the
 * digest the registry now serves for it. The local tag is removed afterwards unless `keepLocal`,
 * so a later pull really goes to the registry.
 */
export async function pushTestImage(
  registry: TestRegistry,
  repoTag: string,
  opts: { variant: string; dockerConfig: string; keepLocal?: boolean },
): Promise<{ ref: string; digest: string }> {
  const ref = `${registry.host}/${repoTag}`;
  const context = await mkdtemp(join(tmpdir(), "hw-variant-"));
  try {
    await writeFile(
      join(context, "Dockerfile"),
      [
        `FROM ${TEST_IMAGE}`,
        `LABEL dev.hostwright.test.variant=${JSON.stringify(opts.variant)}`,
        `RUN echo ${JSON.stringify(opts.variant)} > /variant`,
        "",
      ].join("\n"),
    );
    await docker(["build", "-q", "-t", ref, context], opts.dockerConfig);
    await docker(["push", ref], opts.dockerConfig);
    const digests = JSON.parse(
      await docker(["image", "inspect", "-f", "{{json .RepoDigests}}", ref], opts.dockerConfig),
    ) as string[];
    const repo = ref.slice(0, ref.lastIndexOf(":"));
    const match = digests.find((d) => d.startsWith(`${repo}@`));
    if (!match) throw new Error(`pushed ${ref} but the engine reports no repo digest: ${digests.join(", ")}`);
    if (!opts.keepLocal) await removeLocalImage(ref, opts.dockerConfig);
    return { ref, digest: match.slice(match.indexOf("@") + 1) };
  } finally {
    await rm(context, { recursive: true, force: true });
  }
}

/** Untag a local image (no error when it is absent), so the next use must pull. */
export async function removeLocalImage(ref: string, dockerConfig: string): Promise<void> {
  await docker(["image", "rm", "-f", ref], dockerConfig).catch(() => undefined);
}
