/**
 * Issue 11, parts 3-4, against a real registry with htpasswd auth on loopback (test/harness/registry.ts):
 * the daemon follows a moved tag within its interval; `minor` picks the highest minor, not the next
 * major; `update --check` lists without changing anything; `rollback` goes back on purpose and the
 * rejected digest is not retried; an update whose readiness fails is rolled back and its digest is
 * not retried until a newer one appears.
 */
import { rmSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { HwEvent } from "../../src/core/index.js";
import { dockerCli, uniqueProject } from "../harness/index.js";
import {
  pushTestImage,
  registryDockerConfig,
  startRegistry,
  type TestRegistry,
} from "../harness/registry.js";
import { Workspace } from "./cli.js";
import { DaemonProcess, eventually } from "./daemon-process.js";
import { cleanupProject, projectContainers } from "./docker-state.js";

let registry: TestRegistry;
let dockerConfig: string;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  registry = await startRegistry();
  dockerConfig = await registryDockerConfig(registry);
}, 60_000);
afterAll(async () => {
  await registry?.stop();
  if (dockerConfig) rmSync(dockerConfig, { recursive: true, force: true });
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

function setup(prefix: string) {
  const P = uniqueProject(prefix);
  const ws = new Workspace(P);
  const daemon = new DaemonProcess(ws, { DOCKER_CONFIG: dockerConfig });
  cleanups.push(
    () => cleanupProject(P),
    () => daemon.stop(),
  );
  const hw = (args: string[]) => ws.hw(args, { DOCKER_CONFIG: dockerConfig });
  return { P, ws, daemon, hw, repo: `${registry.host}/${P}/app` };
}

async function applyOk(hw: (a: string[]) => Promise<{ code: number; stdout: string; stderr: string }>) {
  const r = await hw(["apply"]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
}

const push = (repoTag: string, variant: string) =>
  pushTestImage(registry, repoTag, { variant, dockerConfig });

async function variantOf(P: string): Promise<string> {
  return (await dockerCli(["exec", `${P}-app-1`, "cat", "/variant"])).stdout.trim();
}

async function events(hw: (a: string[]) => Promise<{ stdout: string }>, P: string): Promise<HwEvent[]> {
  const r = await hw(["events", "-p", P, "--json", "--limit", "1000"]);
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as HwEvent);
}

const body = (image: string, policy: string, extra = "") => `    image: ${image}
    init: true
    stopGracePeriod: 1s
    command: [sleep, "3600"]
    autoUpdate: { policy: ${policy}, interval: 2s }
${extra}`;

describe("image auto-update (real registry)", () => {
  it("digest: the daemon follows a moved tag within its interval; the manifest keeps its tag", async () => {
    const { P, daemon, hw, repo, ws } = setup("au-dig");
    ws.write(`version: 2\nproject: ${P}\nservices:\n  app:\n${body(`${repo}:1`, "digest")}`);
    await push(`${P}/app:1`, "one");
    await applyOk(hw);
    expect(await variantOf(P)).toBe("one");
    daemon.start(["--project-file", ws.manifest]);
    await daemon.waitFor(/image update tracking starts/, 30_000);
    const moved = await push(`${P}/app:1`, "two");
    await eventually(async () => (await variantOf(P)) === "two", 60_000, "app runs the moved tag");
    const es = await eventually(
      async () => {
        const all = await events(hw, P);
        return all.some((e) => e.type === "update_succeeded") && all;
      },
      30_000,
      "update_succeeded",
    );
    const types = es.filter((e) => e.service === "app").map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["update_available", "update_started", "update_succeeded"]));
    expect(es.find((e) => e.type === "update_succeeded")?.data?.digest).toBe(moved.digest);
    const image = (await dockerCli(["inspect", "-f", "{{.Config.Image}}", `${P}-app-1`])).stdout.trim();
    expect(image).toBe(`${repo}:1@${moved.digest}`);
    // The manifest still says app:1 and nothing is pending: the resolved image is the desired one.
    expect((await hw(["plan", "--detailed-exitcode"])).code).toBe(0);
    const status = JSON.parse((await hw(["status", "--json"])).stdout) as {
      summary: string;
      imageUpdates: { resolved: string; why: string }[];
      services: { drift: string[] }[];
    };
    expect(status.imageUpdates[0]?.resolved).toBe(`${repo}:1@${moved.digest}`);
    expect(status.imageUpdates[0]?.why).toMatch(/auto-update \(digest\)/);
    expect(status.services[0]?.drift).toEqual([]);
    const check = JSON.parse((await hw(["update", "--check", "--json"])).stdout) as {
      services: { status: string }[];
    };
    expect(check.services[0]?.status).toBe("up-to-date");
  }, 180_000);

  it("minor: update --check lists without changing; the daemon picks the highest minor, never the next major; rollback goes back and the digest is not retried", async () => {
    const { P, daemon, hw, repo, ws } = setup("au-min");
    ws.write(`version: 2\nproject: ${P}\nservices:\n  app:\n${body(`${repo}:1.0.0`, "minor")}`);
    await push(`${P}/app:1.0.0`, "1.0.0");
    await applyOk(hw);
    await push(`${P}/app:1.1.0`, "1.1.0");
    const best = await push(`${P}/app:1.2.0`, "1.2.0");
    await push(`${P}/app:2.0.0`, "2.0.0");
    await push(`${P}/app:1.3.0-rc1`, "1.3.0-rc1");

    const before = await projectContainers(P);
    const check = await hw(["update", "--check", "--json"]);
    expect(check.code, check.stderr).toBe(0);
    const rows = (
      JSON.parse(check.stdout) as {
        services: { status: string; candidate?: { tag: string; digest: string } }[];
      }
    ).services;
    expect(rows[0]).toMatchObject({ status: "available", candidate: { tag: "1.2.0", digest: best.digest } });
    // Zero engine mutations: the same container, same start.
    expect(await projectContainers(P)).toEqual(before);
    expect(await variantOf(P)).toBe("1.0.0");

    daemon.start(["--project-file", ws.manifest]);
    await eventually(async () => (await variantOf(P)) === "1.2.0", 60_000, "app on the highest minor");
    // Once the daemon has seen the replicas up on it, the update is no longer pending.
    await eventually(
      async () => /up-to-date/.test((await hw(["update", "--check"])).stdout),
      30_000,
      "update --check says up-to-date",
    );

    // On purpose back to the declared 1.0.0; 1.2.0's digest is remembered as rejected.
    const rb = await hw(["rollback", "app"]);
    expect(rb.code, rb.stdout + rb.stderr).toBe(0);
    expect(await variantOf(P)).toBe("1.0.0");
    await eventually(
      async () => (await events(hw, P)).some((e) => e.type === "update_skipped_failed_digest"),
      30_000,
      "the daemon skips the rejected digest",
    );
    expect(await variantOf(P)).toBe("1.0.0");

    // And forward again to that digest, explicitly.
    const to = await hw(["rollback", "app", "--to", best.digest]);
    expect(to.code, to.stdout + to.stderr).toBe(0);
    expect(await variantOf(P)).toBe("1.2.0");
  }, 240_000);

  it("an update whose readiness fails is rolled back; its digest is not retried until a newer one appears", async () => {
    const { P, daemon, hw, repo, ws } = setup("au-bad");
    const probes = `    probes:
      readiness: { exec: [grep, -q, good, /variant], interval: 300ms, failureThreshold: 2 }
    update: { progressDeadline: 8s }
`;
    ws.write(`version: 2\nproject: ${P}\nservices:\n  app:\n${body(`${repo}:1.0.0`, "patch", probes)}`);
    await push(`${P}/app:1.0.0`, "good-1.0.0");
    await applyOk(hw);
    daemon.start(["--project-file", ws.manifest]);
    const bad = await push(`${P}/app:1.0.1`, "broken-1.0.1");
    await eventually(
      async () => (await events(hw, P)).some((e) => e.type === "update_rolled_back"),
      90_000,
      "the failed update rolled back",
    );
    expect(await variantOf(P)).toBe("good-1.0.0");
    await eventually(
      async () =>
        (await events(hw, P)).some(
          (e) => e.type === "update_skipped_failed_digest" && e.data?.digest === bad.digest,
        ),
      30_000,
      "the failed digest is skipped",
    );
    const started = (await events(hw, P)).filter((e) => e.type === "update_started");
    expect(started).toHaveLength(1);
    await push(`${P}/app:1.0.2`, "good-1.0.2");
    await eventually(async () => (await variantOf(P)) === "good-1.0.2", 90_000, "the newer image is applied");
  }, 300_000);

  it("rollback --to REVISION puts one service back to a stored revision's spec through the apply flow", async () => {
    const { P, hw, repo, ws } = setup("au-rev");
    await push(`${P}/app:1.0.0`, "r1");
    await push(`${P}/app:1.1.0`, "r2");
    ws.write(`version: 2\nproject: ${P}\nservices:\n  app:\n${body(`${repo}:1.0.0`, "patch")}`);
    await applyOk(hw);
    ws.write(`version: 2\nproject: ${P}\nservices:\n  app:\n${body(`${repo}:1.1.0`, "patch")}`);
    await applyOk(hw);
    expect(await variantOf(P)).toBe("r2");
    const bad = await hw(["rollback", "app", "--to", "99"]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/revision 99/);
    const r = await hw(["rollback", "app", "--to", "1"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/revision 1/);
    expect(await variantOf(P)).toBe("r1");
    // The rollback is the project's new desired revision; the manifest file still says 1.1.0.
    expect((await hw(["plan", "-f", ws.manifest, "--detailed-exitcode"])).code).toBe(2);
    expect((await hw(["status", "-p", P, "--json"])).code).toBe(0);
  }, 180_000);
});
