/**
 * Issue 11 parts 1-2 end to end: a real registry (docker-registry, htpasswd) on loopback, the real
 * CLI and engine. Credentials come from a temporary DOCKER_CONFIG; wrong ones fail before anything
 * changes; the digest that runs is shown; pullPolicy always follows a moved tag; never refuses an
 * absent image; and the password appears in no output and nowhere in the state directory.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueProject } from "../harness/index.js";
import {
  pushTestImage,
  registryDockerConfig,
  removeLocalImage,
  startRegistry,
  type TestRegistry,
  writeDockerConfig,
} from "../harness/registry.js";
import { type CliResult, Workspace } from "./cli.js";
import { cleanupProject, ownedLeftovers, projectContainers } from "./docker-state.js";

const P = uniqueProject("regpull");
const ws = new Workspace(P);
let registry: TestRegistry;
let goodConfig: string;
let image: string;
let first: { ref: string; digest: string };
const outputs: CliResult[] = [];

function manifest(pullPolicy: string, ref = image): string {
  return `version: 2
project: ${P}
services:
  app:
    image: ${ref}
    pullPolicy: ${pullPolicy}
    stopGracePeriod: 1s
`;
}

async function hw(args: string[], dockerConfig: string): Promise<CliResult> {
  const r = await ws.hw(args, { DOCKER_CONFIG: dockerConfig });
  outputs.push(r);
  return r;
}

type PsRow = { name: string; state: string; image: string; imageDigest: string | null };

async function ps(): Promise<PsRow[]> {
  const r = await hw(["ps", "--json"], goodConfig);
  return JSON.parse(r.stdout) as PsRow[];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(async () => {
  registry = await startRegistry();
  goodConfig = await registryDockerConfig(registry);
  image = `${registry.host}/${P}/app:stable`;
  first = await pushTestImage(registry, `${P}/app:stable`, { variant: `${P}-a`, dockerConfig: goodConfig });
});

afterAll(async () => {
  await cleanupProject(P);
  if (goodConfig) await removeLocalImage(image, goodConfig);
  await registry?.stop();
});

describe("registry credentials, digests and pullPolicy (real registry)", () => {
  it("wrong credentials fail with a typed error and a hint before anything is created", async () => {
    const wrong = await writeDockerConfig({ [registry.host]: { user: registry.user, password: "wrong-pw" } });
    ws.write(manifest("missing"));
    const r = await hw(["apply", "-f", ws.manifest], wrong);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("HW-REGISTRY-001");
    expect(r.stderr).toContain("docker login");
    expect(r.stderr + r.stdout).not.toContain("wrong-pw");
    expect(await ownedLeftovers(P)).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it("pulls with the credentials from DOCKER_CONFIG and shows the digest that runs", async () => {
    ws.write(manifest("missing"));
    const r = await hw(["apply", "-f", ws.manifest], goodConfig);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rows = await ps();
    expect(rows.map((x) => [x.name, x.state, x.imageDigest])).toEqual([
      [`${P}-app-1`, "running", first.digest],
    ]);
    const table = await hw(["ps"], goodConfig);
    expect(table.stdout).toContain("DIGEST");
    expect(table.stdout).toContain(first.digest.slice(0, 19));

    const status = JSON.parse((await hw(["status", "--json", "-f", ws.manifest], goodConfig)).stdout) as {
      services: { instances: { imageDigest?: string }[] }[];
    };
    expect(status.services[0]?.instances[0]?.imageDigest).toBe(first.digest);

    // NDJSON: one event per line.
    const events = (await hw(["events", "--json", "-p", P], goodConfig)).stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { data?: { imageDigest?: string } });
    expect(events.some((e) => e.data?.imageDigest === first.digest)).toBe(true);
  });

  it("pullPolicy always: plan says the tag moved, apply pulls and replaces, a second apply is a no-op", async () => {
    ws.write(manifest("always"));
    const before = await projectContainers(P);
    // With the tag unchanged, always only asks the registry: nothing to do.
    const same = await hw(["plan", "-f", ws.manifest], goodConfig);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).not.toContain("tag moved");

    const second = await pushTestImage(registry, `${P}/app:stable`, {
      variant: `${P}-b`,
      dockerConfig: goodConfig,
    });
    expect(second.digest).not.toBe(first.digest);
    // The old container still reports the digest it runs, though the tag moved on locally too.
    expect((await ps()).map((x) => x.imageDigest)).toEqual([first.digest]);
    const plan = await hw(["plan", "-f", ws.manifest], goodConfig);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(
      `image tag moved: ${first.digest.slice(0, 19)}… → ${second.digest.slice(0, 19)}…`,
    );

    const applied = await hw(["apply", "-f", ws.manifest], goodConfig);
    expect(applied.code, applied.stderr).toBe(0);
    const rows = await ps();
    expect(rows.map((x) => [x.state, x.imageDigest])).toEqual([["running", second.digest]]);
    const after = await projectContainers(P);
    expect(after.map((c) => c.id)).not.toEqual(before.map((c) => c.id));

    const again = await hw(["plan", "-f", ws.manifest], goodConfig);
    expect(again.stdout).not.toContain("tag moved");
  });

  it("pullPolicy never refuses an image that is not present, before anything changes", async () => {
    const absent = `${registry.host}/${P}/other:1`;
    ws.write(manifest("never", absent));
    const before = (await projectContainers(P)).map((c) => c.id);
    const r = await hw(["apply", "-f", ws.manifest], goodConfig);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("HW-RUNTIME-004");
    expect(r.stderr).toContain("pullPolicy");
    expect((await projectContainers(P)).map((c) => c.id)).toEqual(before);
  });

  it("the password appears in no output and nowhere in the state directory", async () => {
    expect(outputs.length).toBeGreaterThan(5);
    const secrets = [
      registry.password,
      Buffer.from(`${registry.user}:${registry.password}`).toString("base64"),
      Buffer.from(registry.password).toString("base64"),
    ];
    for (const r of outputs) for (const s of secrets) expect(r.stdout + r.stderr).not.toContain(s);
    const files = filesUnder(ws.stateDir);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const s of secrets) expect(bytes.includes(Buffer.from(s)), `${s} in ${f}`).toBe(false);
    }
  });
});
