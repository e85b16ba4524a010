import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HwEvent } from "../core/index.js";
import { EVENTS_FILE, openStore, type Store } from "./index.js";

let root: string;
let store: Store;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "hw-store-"));
  store = openStore(root);
});
afterEach(() => {
  store.close();
  rmSync(root, { recursive: true, force: true });
});

describe("desired revisions", () => {
  it("numbers revisions per project and adds none when the hash is unchanged", () => {
    const base = { project: "web", sourcePath: "/srv/web/hostwright.yaml" };
    expect(store.saveDesired({ ...base, canonical: '{"v":1}', hash: "h1" })).toEqual({
      revision: 1,
      changed: true,
    });
    expect(store.saveDesired({ ...base, canonical: '{"v":1}', hash: "h1" })).toEqual({
      revision: 1,
      changed: false,
    });
    expect(store.saveDesired({ ...base, canonical: '{"v":2}', hash: "h2" })).toEqual({
      revision: 2,
      changed: true,
    });
    // Going back to an older hash is a change: it is not the latest.
    expect(store.saveDesired({ ...base, canonical: '{"v":1}', hash: "h1" })).toEqual({
      revision: 3,
      changed: true,
    });
    expect(
      store.saveDesired({ project: "api", canonical: "{}", hash: "a1", sourcePath: "/x" }).revision,
    ).toBe(1);

    const latest = store.latestDesired("web");
    expect(latest).toMatchObject({ revision: 3, canonical: '{"v":1}', hash: "h1", ...base });
    expect(Number.isNaN(Date.parse(latest?.createdAt ?? ""))).toBe(false);
    expect(store.desiredHistory("web").map((r) => r.revision)).toEqual([3, 2, 1]);
    expect(store.desiredHistory("web", 2).map((r) => r.hash)).toEqual(["h1", "h2"]);
    expect(store.latestDesired("nope")).toBeUndefined();
    expect(store.projects()).toEqual(["api", "web"]);
  });
});

describe("ownership records", () => {
  it("goes intended → confirmed → forgotten, and a recreate resets it to intended", () => {
    store.intendOwnership({
      project: "web",
      kind: "container",
      name: "web-app-1",
      service: "app",
      instance: 1,
      specHash: "s1",
    });
    expect(store.ownership("container", "web-app-1")).toMatchObject({
      project: "web",
      service: "app",
      instance: 1,
      specHash: "s1",
      state: "intended",
    });
    expect(store.ownership("container", "web-app-1")?.runtimeId).toBeUndefined();

    store.confirmOwnership("container", "web-app-1", { runtimeId: "abc123" });
    const confirmed = store.ownership("container", "web-app-1");
    expect(confirmed).toMatchObject({ state: "confirmed", runtimeId: "abc123", specHash: "s1" });
    expect(confirmed?.confirmedAt).toBeDefined();

    store.intendOwnership({
      project: "web",
      kind: "container",
      name: "web-app-1",
      service: "app",
      instance: 1,
      specHash: "s2",
    });
    expect(store.ownership("container", "web-app-1")).toMatchObject({ state: "intended", specHash: "s2" });
    expect(store.ownership("container", "web-app-1")?.runtimeId).toBeUndefined();
    store.confirmOwnership("container", "web-app-1", { runtimeId: "def456", specHash: "s3" });
    expect(store.ownership("container", "web-app-1")).toMatchObject({ runtimeId: "def456", specHash: "s3" });

    store.forgetOwnership("container", "web-app-1");
    expect(store.ownership("container", "web-app-1")).toBeUndefined();
    expect(() => store.forgetOwnership("container", "web-app-1")).not.toThrow();
  });

  it("refuses to confirm what was never intended", () => {
    expect(() => store.confirmOwnership("volume", "web_data", { runtimeId: "v" })).toThrow(/without a prior/);
    expect(store.ownership("volume", "web_data")).toBeUndefined();
  });

  it("lists a project's resources by kind, sorted, and keeps kinds apart", () => {
    store.intendOwnership({ project: "web", kind: "network", name: "web_default" });
    store.intendOwnership({ project: "web", kind: "container", name: "web-b-1" });
    store.intendOwnership({ project: "web", kind: "container", name: "web-a-1" });
    store.intendOwnership({ project: "web", kind: "volume", name: "web_default" });
    store.intendOwnership({ project: "api", kind: "container", name: "api-a-1" });
    expect(store.ownedResources("web", "container").map((r) => r.name)).toEqual(["web-a-1", "web-b-1"]);
    expect(store.ownedResources("web").map((r) => `${r.kind}:${r.name}`)).toEqual([
      "container:web-a-1",
      "container:web-b-1",
      "network:web_default",
      "volume:web_default",
    ]);
    expect(store.projects()).toEqual(["api", "web"]);
  });
});

describe("plans and operation intents", () => {
  const plan = { id: "plan-1", project: "web", hash: "ph", correlationId: "corr-1", kind: "apply" as const };

  it("stores plans and finds the latest per project and kind", () => {
    store.savePlan({ ...plan, body: { ops: [{ id: 1, kind: "create" }] } });
    store.savePlan({ ...plan, id: "plan-2", kind: "recovery", body: [] });
    expect(store.getPlan("plan-1")).toMatchObject({ ...plan, body: { ops: [{ id: 1, kind: "create" }] } });
    expect(store.latestPlan("web")?.id).toBe("plan-2");
    expect(store.latestPlan("web", "apply")?.id).toBe("plan-1");
    expect(store.latestPlan("api")).toBeUndefined();
    expect(() => store.savePlan({ ...plan, body: null })).toThrow();
  });

  it("lists an operation as unfinished from begin until finish or resolve", () => {
    store.savePlan({ ...plan, body: {} });
    const a = store.beginOperation({
      planId: "plan-1",
      opId: "1",
      project: "web",
      kind: "create",
      target: "container:web-a-1",
      detail: { image: "busybox" },
    });
    const b = store.beginOperation({
      planId: "plan-1",
      opId: "2",
      project: "web",
      kind: "start",
      target: "container:web-a-1",
    });
    expect(store.unfinishedOperations("web").map((o) => o.id)).toEqual([a, b]);
    expect(store.unfinishedOperations("api")).toEqual([]);
    expect(store.unfinishedOperations()[0]).toMatchObject({
      status: "pending",
      detail: { image: "busybox" },
    });

    store.finishOperation(a, { status: "done", runtimeId: "cid" });
    expect(store.unfinishedOperations().map((o) => o.id)).toEqual([b]);
    expect(() => store.finishOperation(a, { status: "failed" })).toThrow(/no pending operation/);

    store.resolveOperation(b, { resolution: "adopted", note: "container found with our owner label" });
    expect(store.unfinishedOperations()).toEqual([]);
    expect(() => store.resolveOperation(b, { resolution: "abandoned", note: "again" })).toThrow();

    const recent = store.recentOperations("web");
    expect(recent.map((o) => [o.id, o.status, o.resolution])).toEqual([
      [a, "done", undefined],
      [b, "pending", "adopted"],
    ]);
    expect(recent[0]).toMatchObject({ runtimeId: "cid" });
    expect(recent[1]?.resolutionNote).toBe("container found with our owner label");
    expect(store.recentOperations("web", 1).map((o) => o.id)).toEqual([b]);
  });

  it("refuses an operation whose plan was never saved", () => {
    expect(() =>
      store.beginOperation({ planId: "ghost", opId: "1", project: "web", kind: "create", target: "x" }),
    ).toThrow(/FOREIGN KEY/);
  });

  it("records failures with their error", () => {
    store.savePlan({ ...plan, body: {} });
    const id = store.beginOperation({
      planId: "plan-1",
      opId: "1",
      project: "web",
      kind: "create",
      target: "x",
    });
    store.finishOperation(id, { status: "failed", error: "HW-RUNTIME-003: name in use" });
    expect(store.recentOperations("web")[0]).toMatchObject({
      status: "failed",
      error: "HW-RUNTIME-003: name in use",
    });
  });
});

function event(over: Partial<HwEvent>): HwEvent {
  return {
    type: "info",
    severity: "info",
    project: "web",
    message: "m",
    timestamp: "2030-01-01T00:00:00.000Z",
    correlationId: "c",
    ...over,
  };
}

describe("events", () => {
  it("filters by project, service, time and id, ascending, and honours limit", () => {
    const ids = [
      store.appendEvent(event({ service: "app", timestamp: "2030-01-01T00:00:00.000Z", message: "e1" })),
      store.appendEvent(event({ service: "db", timestamp: "2030-01-01T00:01:00.000Z", message: "e2" })),
      store.appendEvent(event({ project: "api", timestamp: "2030-01-01T00:02:00.000Z", message: "e3" })),
      store.appendEvent(event({ service: "app", timestamp: "2030-01-01T00:03:00.000Z", message: "e4" })),
    ];
    const messages = (q: Parameters<Store["events"]>[0]) => store.events(q).map((e) => e.message);
    expect(messages({})).toEqual(["e1", "e2", "e3", "e4"]);
    expect(messages({ project: "web" })).toEqual(["e1", "e2", "e4"]);
    expect(messages({ project: "web", service: "app" })).toEqual(["e1", "e4"]);
    // Different ISO spellings of the same instant compare as times, not strings.
    expect(messages({ since: "2030-01-01T01:01:00+01:00" })).toEqual(["e2", "e3", "e4"]);
    expect(messages({ afterId: ids[1] })).toEqual(["e3", "e4"]);
    expect(messages({ afterId: ids[0], limit: 2 })).toEqual(["e2", "e3"]);
    expect(messages({ limit: 2 })).toEqual(["e3", "e4"]);
    expect(() => store.events({ since: "yesterday" })).toThrow(/ISO/);
  });

  it("round-trips every field and mirrors each event as a JSON line with its id", () => {
    const full = event({
      type: "health_changed",
      severity: "warning",
      service: "app",
      instance: "web/app/1",
      runtimeRef: "abc",
      data: { from: "healthy", to: "unhealthy" },
    });
    const id = store.appendEvent(full);
    const id2 = store.appendEvent(event({ message: "second" }));
    expect(store.events({})).toEqual([
      { id, ...full },
      { id: id2, ...event({ message: "second" }) },
    ]);
    const lines = readFileSync(join(root, EVENTS_FILE), "utf8").trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { id, ...full },
      { id: id2, ...event({ message: "second" }) },
    ]);
  });
});

describe("settings", () => {
  it("stores JSON values, overwrites and deletes", () => {
    expect(store.getSetting("daemon.paused")).toBeUndefined();
    store.setSetting("daemon.paused", { by: "cli", at: "2030-01-01T00:00:00Z" });
    expect(store.getSetting("daemon.paused")).toEqual({ by: "cli", at: "2030-01-01T00:00:00Z" });
    store.setSetting("daemon.paused", false);
    expect(store.getSetting<boolean>("daemon.paused")).toBe(false);
    store.deleteSetting("daemon.paused");
    expect(store.getSetting("daemon.paused")).toBeUndefined();
    expect(() => store.setSetting("x", undefined)).toThrow(/deleteSetting/);
  });
});
