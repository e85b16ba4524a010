/**
 * Issue 4 by force: SIGKILL `hostwright apply` at every operation boundary in turn (after the
 * intent is durable but before the runtime call, and after the call but before its result is
 * recorded), run apply again, and check after each round that exactly the declared containers
 * exist, none duplicated or leaked, nothing unowned was touched, the store agrees with the engine
 * and a further plan is empty. Then the engine goes away mid-apply: exit 69, and convergence once
 * it is back.
 */

import { existsSync, readFileSync, rmSync } from "node:fs";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { dirname, join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { dockerHost } from "../harness/engine.js";
import { dockerCli, uniqueProject } from "../harness/index.js";
import { Workspace } from "./cli.js";
import { cleanupProject, projectContainers } from "./docker-state.js";
import { CLI_NODE_ARGS } from "./tsx-entry.js";

const P = uniqueProject("crash");
const REPO = resolve(import.meta.dirname, "../..");
const cleanups: (() => Promise<unknown>)[] = [() => cleanupProject(P)];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/** api waits for db to be ready; db's probe only passes after 2s, so there is time to pull the plug. */
const SLOW_DB_MANIFEST = (project: string) => `version: 2
project: ${project}
services:
  db:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    command: [sh, -c, "sleep 2; exec httpd -f -p 5432 -h /www"]
    probes:
      readiness:
        tcp: { port: 5432 }
        interval: 200ms
  api:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    dependsOn: { db: ready }
`;

function manifest(apiMode: string, apiReplicas: number): string {
  return `version: 2
project: ${P}
volumes:
  data: {}
services:
  db:
    image: hostwright.local/busybox:1
    init: true
    command: [httpd, -f, -p, "5432", -h, /www]
    volumes: ["data:/data"]
  api:
    image: hostwright.local/busybox:1
    init: true
    replicas: ${apiReplicas}
    command: [httpd, -f, -p, "8080", -h, /www]
    env: { MODE: "${apiMode}" }
    dependsOn: [db]
`;
}

/** Containers that are not ours and must never be touched: one unlabelled, one of another store. */
async function plantForeigners(): Promise<Record<string, string>> {
  const a = await dockerCli([
    "run",
    "-d",
    "--name",
    `${P}-intruder-1`,
    "hostwright.local/busybox:1",
    "sleep",
    "3600",
  ]);
  const b = await dockerCli([
    "run",
    "-d",
    "--name",
    `${P}-ghost-1`,
    "--label",
    "dev.hostwright.managed=true",
    "--label",
    `dev.hostwright.project=${P}`,
    "--label",
    "dev.hostwright.service=ghost",
    "--label",
    "dev.hostwright.instance=1",
    "--label",
    "dev.hostwright.owner=00000000-0000-4000-8000-00000000dead",
    "hostwright.local/busybox:1",
    "sleep",
    "3600",
  ]);
  return { [`${P}-intruder-1`]: a.stdout.trim(), [`${P}-ghost-1`]: b.stdout.trim() };
}

async function killedApply(ws: Workspace, at: number): Promise<"killed" | "completed"> {
  const r = await execa("node", [...CLI_NODE_ARGS, "apply"], {
    cwd: ws.dir,
    reject: false,
    env: {
      DOCKER_HOST: dockerHost(),
      HOSTWRIGHT_STATE_DIR: ws.stateDir,
      NO_COLOR: "1",
      HOSTWRIGHT_FAULT_KILL_AT: String(at),
    },
  });
  if (r.signal === "SIGKILL") return "killed";
  expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
  return "completed";
}

async function assertConverged(
  ws: Workspace,
  expected: string[],
  foreigners: Record<string, string>,
  round: string,
) {
  const all = await projectContainers(P);
  const ours = all.filter((c) => !(c.name in foreigners));
  expect(
    ours.map((c) => c.name),
    round,
  ).toEqual(expected);
  expect(
    ours.every((c) => c.state === "running"),
    round,
  ).toBe(true);
  for (const [name, id] of Object.entries(foreigners)) {
    const f = all.find((c) => c.name === name);
    expect(f?.id, `${round}: ${name} untouched`).toBe(id);
    expect(f?.state, `${round}: ${name} still running`).toBe("running");
  }
  const check = await ws.hw(["state", "check"]);
  expect(check.code, `${round}: state check\n${check.stdout}`).toBe(0);
  const plan = await ws.hw(["plan", "--detailed-exitcode"]);
  expect(plan.code, `${round}: further plan\n${plan.stdout}`).toBe(0);
}

describe("crash safety", () => {
  it("SIGKILL at every boundary of a fresh apply, then apply again: exactly the declared state", async () => {
    const expected = [`${P}-api-1`, `${P}-api-2`, `${P}-db-1`];
    let rounds = 0;
    for (let at = 1; at < 100; at++) {
      await cleanupProject(P);
      const foreigners = await plantForeigners();
      const ws = new Workspace(P);
      ws.write(manifest("one", 2));
      if ((await killedApply(ws, at)) === "completed") break;
      const again = await ws.hw(["apply"]);
      expect(again.code, `round ${at}: ${again.stdout}${again.stderr}`).toBe(0);
      await assertConverged(ws, expected, foreigners, `fresh apply killed at boundary ${at}`);
      rounds++;
    }
    expect(rounds).toBeGreaterThanOrEqual(12);
  }, 300_000);

  it("SIGKILL at every boundary of a start-first update, then apply again", async () => {
    const expected = [`${P}-api-1`, `${P}-db-1`];
    let rounds = 0;
    for (let at = 1; at < 100; at++) {
      await cleanupProject(P);
      const foreigners = await plantForeigners();
      const ws = new Workspace(P);
      ws.write(manifest("one", 1));
      expect((await ws.hw(["apply"])).code).toBe(0);
      ws.write(manifest("two", 1));
      if ((await killedApply(ws, at)) === "completed") break;
      const again = await ws.hw(["apply"]);
      expect(again.code, `round ${at}: ${again.stdout}${again.stderr}`).toBe(0);
      await assertConverged(ws, expected, foreigners, `update killed at boundary ${at}`);
      const env = await dockerCli(["exec", `${P}-api-1`, "sh", "-c", "echo $MODE"]);
      expect(env.stdout.trim(), `round ${at}`).toBe("two");
      rounds++;
    }
    // rename, create, start, stop, remove: two boundaries each (await has one).
    expect(rounds).toBeGreaterThanOrEqual(10);
  }, 400_000);

  // The real thing, when the harness engine is our private dockerd (its pid file sits beside its
  // socket): SIGKILL dockerd mid-apply, restart it with scripts/engine.sh, apply again.
  const socketPath = dockerHost().replace(/^unix:\/\//, "");
  const pidFile = join(dirname(socketPath), "docker.pid");
  it.skipIf(!existsSync(pidFile))(
    "SIGKILL of dockerd mid-apply: exit 69, then convergence once it is restarted",
    async () => {
      await cleanupProject(P);
      const ws = new Workspace(P);
      ws.write(SLOW_DB_MANIFEST(P));
      const running = ws.hw(["apply"]);
      await new Promise((r) => setTimeout(r, 1000));
      process.kill(Number(readFileSync(pidFile, "utf8").trim()), "SIGKILL");
      const r = await running;
      expect(r.code, r.stdout + r.stderr).toBe(69);
      const restart = await execa("bash", [join(REPO, "scripts/engine.sh"), "start"], { reject: false });
      expect(restart.exitCode, restart.stdout + restart.stderr).toBe(0);
      const again = await ws.hw(["apply"]);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect((await projectContainers(P)).map((c) => `${c.name}:${c.state}`)).toEqual([
        `${P}-api-1:running`,
        `${P}-db-1:running`,
      ]);
      expect((await ws.hw(["state", "check"])).code).toBe(0);
    },
    180_000,
  );

  it("the engine going away mid-apply fails cleanly with exit 69 and converges once it is back", async () => {
    await cleanupProject(P);
    const ws = new Workspace(P);
    const sock = join(ws.dir, "engine.sock");
    const real = dockerHost().replace(/^unix:\/\//, "");
    const open = new Set<Socket>();
    let proxy: Server | undefined;
    const up = () =>
      new Promise<void>((r) => {
        proxy = createServer((c) => {
          const e = createConnection(real);
          open.add(c).add(e);
          c.pipe(e).pipe(c);
          c.on("error", () => e.destroy());
          e.on("error", () => c.destroy());
        });
        proxy.listen(sock, r);
      });
    const down = () => {
      proxy?.close();
      for (const s of open) s.destroy();
      open.clear();
      rmSync(sock, { force: true });
    };
    cleanups.push(async () => down());
    await up();
    ws.write(SLOW_DB_MANIFEST(P));
    const env = { DOCKER_HOST: `unix://${sock}` };
    const running = ws.hw(["apply"], env);
    await new Promise((r) => setTimeout(r, 1000));
    down();
    const r = await running;
    expect(r.code, r.stdout + r.stderr).toBe(69);
    expect(r.stderr).toContain("HW-RUNTIME-001");
    await up();
    const again = await ws.hw(["apply"], env);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect((await projectContainers(P)).map((c) => `${c.name}:${c.state}`)).toEqual([
      `${P}-api-1:running`,
      `${P}-db-1:running`,
    ]);
    expect((await ws.hw(["state", "check"], env)).code).toBe(0);
  });
});
