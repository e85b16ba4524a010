/**
 * The supervisor, the notify hook and real loopback receivers, on the fake runtime: a stopped
 * container is announced as degraded then recovered, and a pass finishes while a receiver that
 * never answers still holds its request.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { desired, service } from "../../test/support/desired-fixtures.js";
import { applyProject } from "../apply/index.js";
import type { Desired, HwError, HwEvent, NotifyTarget } from "../core/index.js";
import { canonicalJson, sha256 } from "../reconcile/spec-hash.js";
import { FakeRuntime } from "../runtime/fake/index.js";
import { openStore, type Store } from "../store/index.js";
import { resolveNotifyUrl, startNotifications } from "./notify-hook.js";
import { ProjectSupervisor } from "./project-supervisor.js";

const P = "ntf";
const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function receiver(hang: boolean) {
  const bodies: Record<string, unknown>[] = [];
  const open: ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    let text = "";
    req.on("data", (d: Buffer) => {
      text += d.toString();
    });
    req.on("end", () => {
      bodies.push(JSON.parse(text) as Record<string, unknown>);
      if (!hang) res.writeHead(200).end();
      else {
        open.push(res);
        // Closes only when the notifier gives up on it, so `open` is what is still held.
        res.on("close", () => open.splice(open.indexOf(res), 1));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  });
  return { bodies, open, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/TOKEN` };
}

const target = (url: string): NotifyTarget => ({
  url: { literal: url },
  format: "json",
  on: ["degraded", "recovered", "unstable"],
  minSeverity: "info",
  dedupWindowMs: 0,
  timeoutMs: 60_000,
});

async function setup(notify: NotifyTarget[]) {
  const base = desired(P, [service("web")]);
  const {
    canonical: _c,
    hash: _h,
    sourcePath: _s,
    ...body
  } = { ...base, reconcile: { ...base.reconcile, notify } };
  const canonical = canonicalJson(body);
  const d: Desired = { ...body, canonical, hash: sha256(canonical), sourcePath: base.sourcePath };
  const store: Store = openStore(mkdtempSync(join(tmpdir(), "hw-ntf-")));
  cleanups.push(() => store.close());
  const runtime = new FakeRuntime();
  await applyProject(d, { store, runtime, env: {}, parallelism: 4, lockTimeoutMs: 0, purpose: "operator" });
  const published: HwEvent[] = [];
  const hook = startNotifications({ store, publish: (e) => published.push(e), log: log as never, env: {} });
  cleanups.push(() => hook.stop());
  const sup = new ProjectSupervisor(P, {
    store,
    runtime,
    env: {},
    log: log as never,
    publish: (e) => hook.onEvent(e),
    preferHostPort: false,
    onServiceStates: (v) => hook.onServiceStates(v),
  });
  cleanups.push(() => sup.stop());
  const stopWeb = async () => {
    const c = [...runtime.containers.values()].find((x) => x.name === "ntf-web-1")!;
    await runtime.stop(c.id);
  };
  return { sup, stopWeb, published, hook };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe("notify hook on the supervisor", () => {
  it("announces a stopped container as degraded, then recovered, while a hanging receiver holds its request", async () => {
    const good = await receiver(false);
    const hang = await receiver(true);
    const { sup, stopWeb, published } = await setup([target(good.url), target(hang.url)]);
    await sup.reconcile(); // baseline: nominal
    await stopWeb();
    await sup.reconcile(); // restarts it; ends degraded (the drift is still the pass's decision)
    await until(() => hang.open.length === 1);
    await sup.reconcile(); // observes it running: nominal
    expect(sup.status()?.summary).toBe("nominal");
    await until(() => good.bodies.length === 2);
    expect(good.bodies.map((b) => [b.transition, b.project, b.service])).toEqual([
      ["degraded", P, "web"],
      ["recovered", P, "web"],
    ]);
    // Both passes after the hang finished while its first request is still unanswered.
    expect(hang.bodies).toHaveLength(1);
    expect(hang.open).toHaveLength(1);
    // The receiver has the body before the notifier has its answer: wait for the attempt events.
    const sent = () => published.filter((e) => e.type === "notify_sent");
    await until(() => sent().length === 2);
    expect(sent().map((e) => e.data?.transition)).toEqual(["degraded", "recovered"]);
    expect(JSON.stringify(published)).not.toContain("TOKEN");
  });

  it("notifies a blocked repair that comes before the project's first pass ended", async () => {
    const good = await receiver(false);
    const { hook } = await setup([{ ...target(good.url), on: ["blocked"] }]);
    hook.onEvent({
      type: "reconcile_blocked",
      severity: "error",
      project: P,
      service: "web",
      instance: "ntf-web-1",
      message: "ntf-web-1: crash loop: 3 restarts",
      timestamp: new Date().toISOString(),
      correlationId: "daemon",
      data: { crashLoop: true },
    });
    await until(() => good.bodies.length === 1);
    expect(good.bodies[0]).toMatchObject({
      transition: "blocked",
      severity: "critical",
      reason: "crash-loop",
    });
  });
});

describe("resolveNotifyUrl", () => {
  const env = (target: string) => ({ secret: { ref: `env://${target}`, scheme: "env" as const, target } });
  const file = (target: string) => ({
    secret: { ref: `file://${target}`, scheme: "file" as const, target },
  });
  const failure = (p: Promise<string>) =>
    p.then(
      () => "resolved",
      (e: HwError) => `${e.code} ${e.hint === undefined ? "no hint" : "hint"} ${e.message}`,
    );

  it("reads an env or file reference now, trimmed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hw-ntf-url-"));
    writeFileSync(join(dir, "url"), "https://hooks.example.com/T/SECRETFILE\n");
    expect(await resolveNotifyUrl(env("HOOK"), { HOOK: " http://127.0.0.1:9/x " })).toBe(
      "http://127.0.0.1:9/x",
    );
    expect(await resolveNotifyUrl(file(join(dir, "url")), {})).toBe("https://hooks.example.com/T/SECRETFILE");
  });

  it("fails with a coded error and a hint that name the reference, never the value", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hw-ntf-url-"));
    writeFileSync(join(dir, "bad"), "SECRETVALUE-not-a-url\n");
    const results = [
      await failure(resolveNotifyUrl(env("HOOK"), {})),
      await failure(resolveNotifyUrl(env("HOOK"), { HOOK: "SECRETVALUE" })),
      await failure(resolveNotifyUrl(file(join(dir, "missing")), {})),
      await failure(resolveNotifyUrl(file(join(dir, "bad")), {})),
    ];
    expect(results.map((r) => r.split(" ").slice(0, 2).join(" "))).toEqual([
      "HW-SECRET-001 hint",
      "HW-SECRET-005 hint",
      "HW-SECRET-002 hint",
      "HW-SECRET-005 hint",
    ]);
    expect(results.join("\n")).not.toContain("SECRETVALUE");
    expect(results[2]).toContain("ENOENT");
  });
});
