/**
 * Issue 5 end to end: the daemon against the real engine. Killed, removed, unhealthy and
 * crash-looping containers; recommend mode; the rate limit; pause; restarting the daemon; no false
 * drift for secretEnv; and a daemon started before its engine.
 */

import { rmSync } from "node:fs";
import { createConnection, createServer, type Server } from "node:net";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import type { HwEvent } from "../../src/core/index.js";
import { dockerHost } from "../harness/engine.js";
import { dockerCli, uniqueProject } from "../harness/index.js";
import { Workspace } from "./cli.js";
import { DaemonProcess, eventually } from "./daemon-process.js";
import { cleanupProject, projectContainers } from "./docker-state.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function setup(prefix: string, services: string, extra = "", env: Record<string, string> = {}) {
  const P = uniqueProject(prefix);
  const ws = new Workspace(P);
  ws.write(`version: 2\nproject: ${P}\n${extra}services:\n${services}`);
  const daemon = new DaemonProcess(ws, env);
  cleanups.push(
    () => cleanupProject(P),
    () => daemon.stop(),
  );
  return { P, ws, daemon };
}

async function events(ws: Workspace, P: string): Promise<HwEvent[]> {
  const r = await ws.hw(["events", "-p", P, "--json", "--limit", "1000"]);
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as HwEvent);
}

async function state(P: string, name: string) {
  return (await projectContainers(P)).find((c) => c.name === `${P}-${name}`);
}

const WEB = `  web:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    command: [httpd, -f, -p, "8080", -h, /www]
`;

describe("hostwright daemon", () => {
  it("brings back a killed container and a removed one, without any apply", async () => {
    const { P, ws, daemon } = await setup("heal", WEB);
    daemon.start(["--project-file", ws.manifest]);
    const first = await eventually(
      async () => (await state(P, "web-1"))?.state === "running" && state(P, "web-1"),
      30_000,
      "web running",
    );
    await dockerCli(["kill", `${P}-web-1`]);
    await eventually(
      async () => {
        const c = await state(P, "web-1");
        return c?.state === "running" && c.startedAt !== first.startedAt;
      },
      20_000,
      "web restarted after kill",
    );
    const metrics = await execa("curl", [
      "-s",
      "--unix-socket",
      join(ws.stateDir, "daemon.sock"),
      "http://daemon/metrics",
    ]);
    expect(metrics.stdout).toMatch(/hostwright_reconcile_cycles_total \d+/);
    expect(metrics.stdout).toMatch(/hostwright_restarts_total\{service="web"\} [1-9]/);
    expect(metrics.stdout).toMatch(/hostwright_drift_detected_total\{kind="stopped"\} [1-9]/);
    const ev = await events(ws, P);
    const drift = ev.findIndex((e) => e.type === "drift_detected" && e.instance === `${P}-web-1`);
    const restarted = ev.findIndex((e) => e.type === "restarted" && e.instance === `${P}-web-1`);
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(restarted).toBeGreaterThan(drift);

    await dockerCli(["rm", "-f", `${P}-web-1`]);
    await eventually(
      async () => {
        const c = await state(P, "web-1");
        return c?.state === "running" && c.id !== first.id;
      },
      20_000,
      "web recreated after rm -f",
    );
  });

  it("restarts a container whose liveness probe fails past its threshold", async () => {
    const { P, ws, daemon } = await setup(
      "live",
      `  web:
    image: hostwright.local/busybox:1
    command: [sh, -c, "echo ok > /www/health && exec httpd -f -p 8080 -h /www"]
    probes:
      liveness:
        http: { port: 8080, path: /health }
        interval: 500ms
        timeout: 1s
        failureThreshold: 2
`,
    );
    daemon.start(["--project-file", ws.manifest]);
    const first = await eventually(
      async () => (await state(P, "web-1"))?.state === "running" && state(P, "web-1"),
      30_000,
      "web running",
    );
    // A liveness-only instance starts healthy; wait until the daemon has probed it at least once.
    await eventually(
      async () => {
        const st = await ws.json<{ services: { instances: { health: string }[] }[] }>(["status"]);
        return st.services[0]?.instances[0]?.health === "healthy";
      },
      15_000,
      "healthy in live status",
    );
    await dockerCli(["exec", `${P}-web-1`, "rm", "/www/health"]);
    await eventually(
      async () => {
        const c = await state(P, "web-1");
        return c?.state === "running" && c.startedAt !== first.startedAt && c.id === first.id;
      },
      30_000,
      "restarted in place after liveness failure",
    );
    const ev = await events(ws, P);
    expect(ev.some((e) => e.type === "health_changed" && e.message.includes("unhealthy"))).toBe(true);
    expect(ev.some((e) => e.type === "restarted" && e.message.includes("liveness"))).toBe(true);
  });

  it("backs off a crash-looping container with growing delays and calls it unstable", async () => {
    const { P, ws, daemon } = await setup(
      "loop",
      `  crash:
    image: hostwright.local/busybox:1
    command: [sh, -c, "exit 3"]
    restart: { policy: always, backoff: { initial: 1s, max: 4s } }
`,
    );
    daemon.start(["--project-file", ws.manifest]);
    const restarts = await eventually(
      async () => {
        const r = (await events(ws, P)).filter((e) => e.type === "restarted");
        return r.length >= 4 && r;
      },
      60_000,
      "four restarts",
    );
    const gaps = restarts
      .slice(1)
      .map((e, i) => Date.parse(e.timestamp) - Date.parse(restarts[i]!.timestamp));
    // The first restart is immediate; later ones wait 1s, 2s, 4s (±25%): the last gap is the longest.
    expect(gaps[gaps.length - 1]).toBeGreaterThan(gaps[0]!);
    expect(gaps[gaps.length - 1]).toBeGreaterThanOrEqual(1500);
    const status = await eventually(
      async () => {
        const s = await ws.json<{
          summary: string;
          services: { summary: string; instances: { drift: string | null }[] }[];
        }>(["status"]);
        return s.summary === "unstable" && s;
      },
      20_000,
      "unstable status",
    );
    expect(status.services[0]?.summary).toBe("unstable");
    expect(
      (await events(ws, P)).some((e) => e.type === "reconcile_blocked" && e.message.includes("crash loop")),
    ).toBe(true);
  });

  it("in recommend mode changes nothing and emits the right recommendation", async () => {
    const { P, ws, daemon } = await setup("rec", WEB, "reconcile:\n  mode: recommend\n");
    expect((await ws.hw(["apply"])).code).toBe(0);
    daemon.start();
    await daemon.waitFor(/supervising project/);
    await dockerCli(["kill", `${P}-web-1`]);
    const ev = await eventually(
      async () => (await events(ws, P)).find((e) => e.type === "reconcile_required"),
      20_000,
      "reconcile_required",
    );
    expect(ev.message).toContain(`${P}-web-1`);
    await new Promise((r) => setTimeout(r, 2000));
    expect((await state(P, "web-1"))?.state).toBe("exited");
  });

  it("blocks the sixth repair in the rate-limit window", async () => {
    const { P, ws, daemon } = await setup(
      "rate",
      WEB,
      "reconcile:\n  guardrails:\n    rateLimit: { actions: 5, per: 10m }\n",
    );
    // The deployment itself is an apply, not a repair: the daemon's five repairs come after it.
    expect((await ws.hw(["apply"])).code).toBe(0);
    daemon.start();
    let id = (
      await eventually(
        async () => (await state(P, "web-1"))?.state === "running" && state(P, "web-1"),
        30_000,
        "web running",
      )
    ).id;
    for (let i = 1; i <= 5; i++) {
      await dockerCli(["rm", "-f", `${P}-web-1`]);
      id = (
        await eventually(
          async () => {
            const c = await state(P, "web-1");
            return c?.state === "running" && c.id !== id && c;
          },
          20_000,
          `repair ${i}`,
        )
      ).id;
    }
    await dockerCli(["rm", "-f", `${P}-web-1`]);
    const blocked = await eventually(
      async () => (await events(ws, P)).find((e) => e.type === "reconcile_blocked"),
      20_000,
      "reconcile_blocked",
    );
    expect(blocked.message).toMatch(/rate limit/i);
    expect(await state(P, "web-1")).toBeUndefined();
  });

  it("pause stops repairs, resume lets them happen again", async () => {
    const { P, ws, daemon } = await setup("pause", WEB);
    daemon.start(["--project-file", ws.manifest]);
    await eventually(async () => (await state(P, "web-1"))?.state === "running", 30_000, "web running");
    expect((await ws.hw(["pause"])).code).toBe(0);
    await dockerCli(["kill", `${P}-web-1`]);
    await eventually(
      async () =>
        (await events(ws, P)).some((e) => e.type === "reconcile_blocked" && e.message.includes("paused")) ||
        undefined,
      20_000,
      "blocked by pause",
    );
    expect((await state(P, "web-1"))?.state).toBe("exited");
    expect((await ws.hw(["resume"])).code).toBe(0);
    // The next pass (resync or event) sees the pause lifted; trigger one with a harmless event.
    await eventually(
      async () => (await state(P, "web-1"))?.state === "running",
      45_000,
      "running after resume",
    );
  });

  it("leaves a container stopped with `hostwright stop` alone until `hostwright start`", async () => {
    const { P, ws, daemon } = await setup("opstop", WEB);
    daemon.start(["--project-file", ws.manifest]);
    await eventually(async () => (await state(P, "web-1"))?.state === "running", 30_000, "web running");
    const stop = await ws.hw(["stop", "web"]);
    expect(stop.code, stop.stderr).toBe(0);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await state(P, "web-1"))?.state).toBe("exited");
    expect((await ws.hw(["start", "web"])).code).toBe(0);
    await eventually(
      async () => (await state(P, "web-1"))?.state === "running",
      10_000,
      "running after start",
    );
  });

  it("stopping and restarting the daemon loses nothing", async () => {
    const { P, ws, daemon } = await setup("restart", WEB);
    daemon.start(["--project-file", ws.manifest]);
    await eventually(async () => (await state(P, "web-1"))?.state === "running", 30_000, "web running");
    expect(await daemon.stop()).toBe(0);
    await dockerCli(["kill", `${P}-web-1`]);
    const again = new DaemonProcess(ws);
    cleanups.push(() => again.stop());
    again.start(); // no --project-file: desired state comes from the store
    await eventually(
      async () => (await state(P, "web-1"))?.state === "running",
      30_000,
      "restarted by the new daemon",
    );
  });

  it("daemon status shows no false drift for a service with secretEnv", async () => {
    const secret = `s3cret-${process.pid}`;
    const { P, ws, daemon } = await setup(
      "secret",
      `${WEB}    secretEnv:\n      X: env://HW_TEST_SECRET\n`,
      "",
      { HW_TEST_SECRET: secret },
    );
    daemon.start(["--project-file", ws.manifest]);
    const first = await eventually(
      async () => (await state(P, "web-1"))?.state === "running" && state(P, "web-1"),
      30_000,
      "web running",
    );
    // Several passes later the daemon must still see the container as matching its spec: the
    // secret's digest is part of the spec hash, so a status that ignored it would report drift.
    await new Promise((r) => setTimeout(r, 2000));
    const r = await ws.hw(["status", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain(secret);
    const status = JSON.parse(r.stdout) as {
      source?: string;
      services: { name: string; summary: string; drift: string[]; instances: { drift: string | null }[] }[];
    };
    expect(status.source).toBe("daemon");
    const web = status.services.find((s) => s.name === "web");
    expect(web?.drift).toEqual([]);
    expect(web?.instances.map((i) => i.drift)).toEqual([null]);
    expect(web?.summary).toBe("nominal");
    // Only the initial "missing" drift was ever seen, and the container was never replaced.
    expect((await events(ws, P)).filter((e) => e.type === "drift_detected")).toHaveLength(1);
    expect((await state(P, "web-1"))?.id).toBe(first.id);
  });

  it("a daemon started while the engine is down waits, then converges", async () => {
    const sock = join(new Workspace("sock").dir, "engine.sock");
    const { P, ws, daemon } = await setup("late", WEB, "", { DOCKER_HOST: `unix://${sock}` });
    daemon.start(["--project-file", ws.manifest]);
    await daemon.waitFor(/engine unavailable; waiting/);
    expect(await state(P, "web-1")).toBeUndefined();
    // The "engine" comes up: a unix-socket proxy to the real one appears at the daemon's DOCKER_HOST.
    const real = dockerHost().replace(/^unix:\/\//, "");
    const proxy: Server = createServer((c) => {
      const up = createConnection(real);
      c.pipe(up).pipe(c);
      c.on("error", () => up.destroy());
      up.on("error", () => c.destroy());
    });
    await new Promise<void>((r) => proxy.listen(sock, r));
    cleanups.push(async () => {
      proxy.close();
      rmSync(sock, { force: true });
    });
    await eventually(
      async () => (await state(P, "web-1"))?.state === "running",
      40_000,
      "converged once the engine is up",
    );
  });
});
