/**
 * The auto-update observer's decisions with a real store and a scripted registry: recommend mode
 * only reports; heal mode records a pending update (the image-override input) and asks for a pass;
 * a rolled-back update's digest is remembered and skipped until a newer one appears; the interval
 * bounds how often the registry is asked.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { desired as fixture, service } from "../../test/support/desired-fixtures.js";
import { type Desired, Labels, type Observed } from "../core/index.js";
import { getProjectState, openStore, type Store, setProjectState } from "../store/index.js";
import { autoUpdateObserver } from "./auto-update-hook.js";
import type { EventDraft } from "./decision-events.js";

const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const P = "au";
const D = (c: string) => `sha256:${c.repeat(64)}`;

function setup(mode: "heal" | "recommend", tags: Record<string, string>) {
  const store: Store = openStore(mkdtempSync(join(tmpdir(), "hw-au-")));
  const app = service("app", {
    image: "reg.test/app:1.0.0",
    autoUpdate: { policy: "minor", intervalMs: 2000 },
  });
  const d: Desired = fixture(P, [app]);
  const withMode = { ...d, reconcile: { ...d.reconcile, mode } };
  const canonical = JSON.stringify({ ...withMode, canonical: undefined, hash: undefined });
  store.saveDesired({ project: P, canonical, hash: `h-${mode}`, sourcePath: d.sourcePath });
  const asked: string[] = [];
  const registry = {
    listTags: async () => Object.keys(tags),
    manifestDigest: async (ref: string) => {
      asked.push(ref);
      const tag = ref.slice(ref.lastIndexOf(":") + 1);
      const digest = tags[tag];
      if (!digest) throw new Error(`no ${ref}`);
      return digest;
    },
  };
  const events: EventDraft[] = [];
  let now = 1_000_000;
  const observer = autoUpdateObserver({
    store,
    registry,
    log: log as never,
    record: (_p, e) => events.push(e),
    now: () => now,
  });
  const observed = (image: string): Observed =>
    ({
      project: P,
      runtime: "fake",
      observedAt: "",
      containers: [
        {
          id: "c1",
          name: `${P}-app-1`,
          labels: { [Labels.service]: "app", [Labels.owner]: store.ownerId },
          state: "running",
          image,
          ports: [],
        },
      ],
      volumes: [],
      networks: [],
      images: {},
    }) as unknown as Observed;
  const pass = (image = app.image) =>
    observer({ project: P, desired: d, observed: observed(image), events: [] });
  return { store, app, events, asked, pass, tick: (ms: number) => (now += ms), tags };
}

describe("auto-update observer", () => {
  it("recommend mode reports the update once and records nothing to apply", async () => {
    const t = setup("recommend", { "1.0.0": D("a"), "1.1.0": D("b"), "2.0.0": D("c") });
    expect(await t.pass()).toBe(2000);
    expect(t.events.map((e) => e.type)).toEqual(["update_available"]);
    expect(t.events[0]?.message).toMatch(/app:1\.0\.0 → app:1\.1\.0/);
    expect(getProjectState(t.store, P, "imageUpdates")?.app?.pending).toBeUndefined();
    t.tick(2000);
    await t.pass();
    expect(t.events).toHaveLength(1);
  });

  it("heal mode records the highest minor as pending and asks for a pass at once; success settles it", async () => {
    const t = setup("heal", { "1.0.0": D("a"), "1.1.0": D("b"), "1.2.0": D("d"), "2.0.0": D("c") });
    expect(await t.pass()).toBe(0);
    const pending = getProjectState(t.store, P, "imageUpdates")?.app?.pending;
    expect(pending).toMatchObject({ tag: "1.2.0", digest: D("d"), image: `reg.test/app:1.2.0@${D("d")}` });
    expect(pending?.spec.specHash).not.toBe(t.app.specHash);
    expect(t.events.map((e) => e.type)).toEqual(["update_available", "update_started"]);
    // The containers came up on the pinned image: applied.
    await t.pass(pending!.image);
    const rec = getProjectState(t.store, P, "imageUpdates")?.app;
    expect(rec?.applied?.digest).toBe(D("d"));
    expect(rec?.pending).toBeUndefined();
    expect(t.events.at(-1)?.type).toBe("update_succeeded");
  });

  it("a rolled-back update's digest is skipped (once) until a newer one appears", async () => {
    const t = setup("heal", { "1.0.0": D("a"), "1.1.0": D("b") });
    await t.pass();
    const pending = getProjectState(t.store, P, "imageUpdates")!.app!.pending!;
    setProjectState(t.store, P, "rolledBack", { app: { failedSpecHash: pending.spec.specHash, at: "now" } });
    await t.pass();
    expect(t.events.at(-1)?.type).toBe("update_rolled_back");
    expect(getProjectState(t.store, P, "imageUpdates")?.app?.failed.map((f) => f.digest)).toEqual([D("b")]);
    t.tick(2000);
    await t.pass();
    t.tick(2000);
    await t.pass();
    expect(t.events.filter((e) => e.type === "update_skipped_failed_digest")).toHaveLength(1);
    expect(getProjectState(t.store, P, "imageUpdates")?.app?.pending).toBeUndefined();
    t.tags["1.1.0"] = D("e");
    t.tick(2000);
    expect(await t.pass()).toBe(0);
    expect(getProjectState(t.store, P, "imageUpdates")?.app?.pending?.digest).toBe(D("e"));
  });

  it("asks the registry only when the interval has passed", async () => {
    const t = setup("heal", { "1.0.0": D("a") });
    await t.pass();
    expect(t.asked).toHaveLength(1);
    t.tick(1000);
    expect(await t.pass()).toBe(1000);
    expect(t.asked).toHaveLength(1);
    t.tick(1000);
    await t.pass();
    expect(t.asked).toHaveLength(2);
  });
});

describe("auto-update observer and pause", () => {
  it("a paused service is told about but not updated; after resume the next check starts it", async () => {
    const t = setup("heal", { "1.0.0": D("a"), "1.1.0": D("b") });
    setProjectState(t.store, P, "pause", { services: ["app"] });
    await t.pass();
    expect(t.events.map((e) => e.type)).toEqual(["update_available"]);
    expect(getProjectState(t.store, P, "imageUpdates")?.app?.pending).toBeUndefined();
    setProjectState(t.store, P, "pause", {});
    t.tick(2000);
    expect(await t.pass()).toBe(0);
    expect(t.events.map((e) => e.type)).toEqual(["update_available", "update_started"]);
  });
});
