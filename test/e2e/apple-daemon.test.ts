/**
 * Issue 6 end to end: `hostwright --runtime apple daemon` against the `container` emulator. Apple
 * has no restart policy and no event stream, so the daemon enforces the policy by polling at
 * `reconcile.resync`: a container killed behind its back (the emulator's own `container kill`)
 * is started again with a `restarted` event and a fresh IP; a policy-`no` container is left alone.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { HwEvent } from "../../src/core/index.js";
import { createAppleAdapter } from "../../src/runtime/apple/index.js";
import { AppleDaemon } from "./apple-daemon-process.js";
import { AppleWorkspace, type EmulatedContainer } from "./apple-workspace.js";
import { eventually } from "./daemon-process.js";

const aw = new AppleWorkspace("watch");
const P = aw.project;
const WEB = `${P}-web-1`;
const ONESHOT = `${P}-oneshot-1`;
const daemon = new AppleDaemon(aw);

aw.write(`version: 2
project: ${P}
reconcile: { resync: 1s }
services:
  web:
    image: busybox:1
    command: [sleep, "3600"]
    ports: ["18090:8080"]
    stopGracePeriod: 1s
  oneshot:
    image: busybox:1
    command: [sleep, "3600"]
    restart: { policy: "no" }
`);

async function events(): Promise<HwEvent[]> {
  const r = await aw.hw(["events", "-p", P, "--json", "--limit", "1000"]);
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as HwEvent);
}

/** Waits until web runs again on an address other than `previous` (every start gets a new IP). */
function webRestartedFrom(previous: EmulatedContainer): Promise<EmulatedContainer> {
  return eventually(
    async () => {
      const c = aw.container1("web");
      return c?.state === "running" && c.ip !== previous.ip && c;
    },
    20_000,
    `${WEB} running again (daemon log:\n${daemon.tail()})`,
  );
}

const restartsOf = (ev: HwEvent[], instance: string) =>
  ev.filter((e) => e.type === "restarted" && e.instance === instance);

describe("hostwright --runtime apple daemon (emulator)", () => {
  let first: EmulatedContainer;
  let second: EmulatedContainer;
  let killedAt = "";
  afterAll(async () => {
    await daemon.stop();
    aw.dispose();
  });

  it("deploys the project from --project-file without any apply", async () => {
    daemon.start();
    first = await eventually(
      async () => {
        const [oneshot, web] = aw.containers();
        return web?.state === "running" && oneshot?.state === "running" && web;
      },
      30_000,
      `both running (daemon log:\n${daemon.tail()})`,
    );
    expect(first.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  it("starts a killed container again by polling (no restart policy or events in the runtime)", async () => {
    killedAt = new Date().toISOString();
    await aw.container(["kill", WEB, ONESHOT]);
    second = await webRestartedFrom(first);
  });

  it("acts on an exit inside the boot window that follows its own start, once the window is over", async () => {
    // The daemon started web a moment ago, so for 5 s its adapter reports `stopped` as
    // `restarting` (a boot race, reference pitfall 5). A real exit must be delayed, never hidden.
    await aw.container(["kill", WEB]);
    const third = await webRestartedFrom(second);
    expect(third.ip).not.toBe(first.ip);
  });

  it("records drift then a restarted event per restart, and leaves the policy-no container alone", async () => {
    const ev = (await events()).filter((e) => e.timestamp >= killedAt);
    const drift = ev.findIndex((e) => e.type === "drift_detected" && e.instance === WEB);
    const restarts = restartsOf(ev, WEB);
    expect(drift).toBeGreaterThanOrEqual(0);
    expect(restarts).toHaveLength(2);
    expect(ev.indexOf(restarts[0]!)).toBeGreaterThan(drift);
    expect(restarts[0]?.message).toContain(`restarted ${WEB}`);
    // oneshot was killed together with web: every pass since (several) has seen it stopped.
    expect(aw.container1("oneshot")?.state).toBe("stopped");
    expect(restartsOf(ev, ONESHOT)).toEqual([]);
    expect(ev.filter((e) => e.instance === ONESHOT)).toEqual([]);
  });

  it("observes the fresh IP after each restart: nothing caches addresses", async () => {
    const current = aw.container1("web");
    const adapter = createAppleAdapter({ env: { ...process.env, ...aw.env } });
    const observed = (await adapter.observe(P)).containers.find((c) => c.name === WEB);
    expect(observed?.state).toBe("running");
    expect(observed?.ip).toBe(current?.ip);
    expect(observed?.ip).not.toBe(second.ip);
    const status = await aw.json<{
      source?: string;
      services: { instances: { name: string; state: string }[] }[];
    }>(["status"]);
    expect(status.source).toBe("daemon");
    expect(status.services.flatMap((s) => s.instances).find((i) => i.name === WEB)?.state).toBe("running");
  });

  // Known gap, reported to the lead: InstanceStatus (src/apply/status-model.ts) carries no IP, so
  // status cannot show it yet. Turn this into `it` when it does.
  it("status shows the instance's current IP", async () => {
    const status = await aw.json<{ services: { instances: { name: string; ip?: string }[] }[] }>(["status"]);
    const web = status.services.flatMap((s) => s.instances).find((i) => i.name === WEB);
    expect(web?.ip).toBe(aw.container1("web")?.ip);
  });
});
