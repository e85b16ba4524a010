/**
 * Issue 13 part 3 end to end: a real daemon on the real engine notifies real HTTP receivers on
 * loopback. A killed container gives one "degraded" and one "recovered" JSON notification; a
 * second kill inside the dedup window gives none to that receiver (a receiver with no window sees
 * both, so we know the second pair was seen). A receiver that accepts the request and never
 * answers does not hold up the repair: the second kill is repaired while its first request is
 * still open, and that attempt is recorded as a notify_failed timeout without the URL. An update
 * handed to the running daemon is announced once, as `update`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { HwEvent } from "../../src/core/index.js";
import { dockerCli, uniqueProject } from "../harness/index.js";
import { Workspace } from "./cli.js";
import { DaemonProcess, eventually } from "./daemon-process.js";
import { cleanupProject, projectContainers } from "./docker-state.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

interface Received {
  path: string;
  body: Record<string, unknown>;
}

/** A receiver on loopback: records every POST; answers 204, or never when `hang` (`open`: still held). */
async function receiver(hang: boolean) {
  const got: Received[] = [];
  const open: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = "";
    req.on("data", (d: Buffer) => {
      text += d.toString();
    });
    req.on("end", () => {
      got.push({ path: req.url ?? "", body: JSON.parse(text || "{}") as Record<string, unknown> });
      if (!hang) res.writeHead(204).end();
      else {
        open.push(res);
        // A held response closes only when the daemon gives up on it (its timeout).
        res.on("close", () => open.splice(open.indexOf(res), 1));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const res of [...open]) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  const transitions = (path: string) =>
    got.filter((g) => g.path.startsWith(path)).map((g) => String(g.body.transition));
  return { got, open, port, transitions };
}

async function events(ws: Workspace, P: string): Promise<HwEvent[]> {
  const r = await ws.hw(["events", "-p", P, "--json", "--limit", "1000"]);
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as HwEvent);
}

async function running(P: string, after?: string) {
  const c = (await projectContainers(P)).find((x) => x.name === `${P}-web-1`);
  return c?.state === "running" && c.startedAt !== after && c;
}

/**
 * A daemon on the workspace's manifest, once web runs and status says nominal: the first state
 * the daemon sees is the notifier's baseline, so a test changes things only after it.
 */
async function startNominal(ws: Workspace, P: string, env: Record<string, string> = {}) {
  const daemon = new DaemonProcess(ws, env);
  cleanups.push(
    () => cleanupProject(P),
    () => daemon.stop(),
  );
  daemon.start(["--project-file", ws.manifest]);
  const first = await eventually(() => running(P), 30_000, "web running");
  await eventually(
    async () =>
      (await ws.json<{ services: { summary: string }[] }>(["status"])).services[0]?.summary === "nominal",
    30_000,
    "nominal status",
  );
  return { daemon, first };
}

/** Every file under the state directory, as text (the SQLite store, events.jsonl, ...). */
function stateText(dir: string): string {
  let out = "";
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out += stateText(p);
    else if (st.isFile()) out += readFileSync(p).toString("latin1");
  }
  return out;
}

describe("daemon notifications", () => {
  it("a kill and its recovery reach a JSON receiver once per window; a hanging receiver does not delay the repair", async () => {
    const good = await receiver(false);
    const hang = await receiver(true);
    const P = uniqueProject("notify");
    const ws = new Workspace(P);
    const goodUrl = `http://127.0.0.1:${good.port}/once/T000/B000/LITERALTOKEN?token=LITERALQUERY`;
    const hangUrl = `http://127.0.0.1:${hang.port}/hang/ENVTOKEN?token=ENVQUERY`;
    ws.write(`version: 2
project: ${P}
services:
  web:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    command: [httpd, -f, -p, "8080", -h, /www]
reconcile:
  notify:
    - url: ${goodUrl}
      on: [degraded, unstable, recovered]
      dedupWindow: 10m
    - url: http://127.0.0.1:${good.port}/all
      dedupWindow: 0s
    - url: {secret: env://HW_NOTIFY_HANG_URL}
      timeout: 20s
      dedupWindow: 0s
`);
    const { daemon, first } = await startNominal(ws, P, { HW_NOTIFY_HANG_URL: hangUrl });

    await dockerCli(["kill", `${P}-web-1`]);
    const second = await eventually(() => running(P, first.startedAt), 20_000, "web restarted after kill");
    await eventually(
      async () => good.transitions("/once").join() === "degraded,recovered",
      20_000,
      "degraded and recovered",
    );
    const [degraded, recovered] = good.got.filter((g) => g.path.startsWith("/once"));
    expect(degraded?.body).toMatchObject({
      schema: "hostwright.notification/v1",
      project: P,
      service: "web",
      transition: "degraded",
      severity: "warning",
      reason: "state-degraded",
      from: "nominal",
      to: "degraded",
    });
    expect(typeof degraded?.body.host).toBe("string");
    expect(Number.isNaN(Date.parse(String(degraded?.body.time)))).toBe(false);
    expect(recovered?.body).toMatchObject({
      transition: "recovered",
      severity: "info",
      reason: "state-nominal",
      to: "nominal",
    });
    // The hanging receiver got the degraded notification and is holding that request open.
    await eventually(async () => hang.open.length >= 1, 10_000, "hanging request open");

    // Second kill inside the window, while the hanging receiver still holds its first request.
    await dockerCli(["kill", `${P}-web-1`]);
    await eventually(() => running(P, second.startedAt), 30_000, "web restarted after second kill");
    await eventually(
      async () => good.transitions("/all").join() === "degraded,recovered,degraded,recovered",
      30_000,
      "the windowless receiver saw both kills",
    );
    // Both repairs are done and the first request is still held (its 20 s timeout not reached).
    expect(hang.got).toHaveLength(1);
    expect(hang.open).toHaveLength(1);

    // The hung attempt ends as a timeout, recorded after both repairs.
    const ev = await eventually(
      async () => {
        const all = await events(ws, P);
        return (
          all.some((e) => e.type === "notify_failed" && e.data?.target === "env://HW_NOTIFY_HANG_URL") && all
        );
      },
      40_000,
      "notify_failed for the hanging receiver",
    ).catch(async (err) => {
      console.log(
        (await events(ws, P))
          .filter((e) => e.type.startsWith("notify"))
          .map((e) => JSON.stringify(e))
          .join("\n"),
      );
      console.log(daemon.lines.filter((l) => /notif/.test(l)).join("\n"));
      throw err;
    });
    expect(good.transitions("/once")).toEqual(["degraded", "recovered"]);
    const restarts = ev.map((e, i) => (e.type === "restarted" ? i : -1)).filter((i) => i >= 0);
    const hungFailed = ev.findIndex(
      (e) => e.type === "notify_failed" && e.data?.target === "env://HW_NOTIFY_HANG_URL",
    );
    expect(restarts).toHaveLength(2);
    expect(restarts[1]).toBeLessThan(hungFailed);
    expect(ev[hungFailed]?.data).toMatchObject({
      code: "timeout",
      attempt: 1,
      attempts: 3,
      transition: "degraded",
    });
    const sent = ev.filter(
      (e) => e.type === "notify_sent" && e.data?.target === `http://127.0.0.1:${good.port}`,
    );
    expect(sent.length).toBeGreaterThanOrEqual(6);

    // The receivers' paths, queries and the env value never appear in events, logs or the store
    // (a literal URL is in the stored desired state, as the manifest is; a reference keeps it out).
    const shown = JSON.stringify(ev) + daemon.lines.join("\n");
    for (const secret of ["LITERALTOKEN", "LITERALQUERY", "ENVTOKEN", "ENVQUERY", "/once", "/hang"]) {
      expect(shown).not.toContain(secret);
    }
    const stored = stateText(ws.stateDir);
    expect(stored).not.toContain("ENVTOKEN");
    expect(stored).not.toContain("ENVQUERY");
  });

  it("an update handed to the daemon is one `update` notification (no degraded, no recovered)", async () => {
    const got = await receiver(false);
    const P = uniqueProject("notify-up");
    const ws = new Workspace(P);
    const manifest = (greeting: string) => `version: 2
project: ${P}
services:
  web:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    command: [httpd, -f, -p, "8080", -h, /www]
    env: {GREETING: ${greeting}}
reconcile:
  notify:
    - url: http://127.0.0.1:${got.port}/all
      dedupWindow: 0s
`;
    ws.write(manifest("one"));
    const { first } = await startNominal(ws, P);
    ws.write(manifest("two"));
    const applied = await ws.hw(["apply"]);
    expect(applied.code, applied.stderr).toBe(0);
    await eventually(async () => got.transitions("/all").includes("update"), 30_000, "update notification");
    const now = await running(P);
    expect(now && now.id !== first.id).toBe(true);
    expect(got.transitions("/all")).toEqual(["update"]);
    expect(got.got[0]?.body).toMatchObject({
      transition: "update",
      reason: "version-changed",
      severity: "info",
    });
  });
});
