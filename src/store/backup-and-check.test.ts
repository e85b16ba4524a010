import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isHwError } from "../core/index.js";
import { openStore, type Store, StoreErrorCode } from "./index.js";

let root: string;
let store: Store;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "hw-backup-"));
  store = openStore(join(root, "state"));
});
afterEach(() => {
  store.close();
  rmSync(root, { recursive: true, force: true });
});

function fill(s: Store): void {
  s.saveDesired({
    project: "web",
    canonical: '{"services":[]}',
    hash: "h1",
    sourcePath: "/srv/hostwright.yaml",
  });
  s.intendOwnership({ project: "web", kind: "container", name: "web-app-1", service: "app", instance: 1 });
  s.savePlan({ id: "p1", project: "web", hash: "ph", correlationId: "c1", kind: "apply", body: { ops: [] } });
  s.beginOperation({
    planId: "p1",
    opId: "1",
    project: "web",
    kind: "create",
    target: "container:web-app-1",
  });
  s.appendEvent({
    type: "planned",
    severity: "info",
    project: "web",
    message: "1 to create",
    timestamp: new Date().toISOString(),
    correlationId: "c1",
  });
  s.setSetting("daemon.paused", false);
}

describe("integrityCheck", () => {
  it("is [] for a healthy store", () => {
    fill(store);
    expect(store.integrityCheck()).toEqual([]);
  });
});

describe("backup", () => {
  it("writes a 0600 copy that opens as a store with the same rows and owner", async () => {
    fill(store);
    const copyDir = join(root, "restored");
    const target = join(root, "backup.db");
    await store.backup(target);
    expect(statSync(target).mode & 0o777).toBe(0o600);

    // Restoring = putting the copy in place as state.db of a state directory.
    mkdirSync(copyDir, { mode: 0o700 });
    copyFileSync(target, join(copyDir, "state.db"));
    const restored = openStore(copyDir);
    expect(restored.ownerId).toBe(store.ownerId);
    expect(restored.latestDesired("web")).toEqual(store.latestDesired("web"));
    expect(restored.ownedResources("web")).toEqual(store.ownedResources("web"));
    expect(restored.getPlan("p1")).toEqual(store.getPlan("p1"));
    expect(restored.unfinishedOperations()).toEqual(store.unfinishedOperations());
    expect(restored.events({})).toEqual(store.events({}));
    expect(restored.getSetting("daemon.paused")).toBe(false);
    expect(restored.integrityCheck()).toEqual([]);
    restored.close();
  });

  it("never overwrites an existing file", async () => {
    const target = join(root, "exists.db");
    writeFileSync(target, "precious");
    const err = await store.backup(target).catch((e: unknown) => e);
    expect(isHwError(err) && err.code).toBe(StoreErrorCode.backupTargetExists);
    expect(readFileSync(target, "utf8")).toBe("precious");
  });
});

describe("secrets", () => {
  it("only what callers pass is stored: secret references land on disk, the values they name do not", () => {
    // The caller's contract: canonical desired state carries the reference, never the value.
    const secretValue = "s3cr3t-marker-7f1c9e";
    process.env.HW_TEST_DB_PASSWORD = secretValue;
    const canonical = JSON.stringify({
      services: [{ name: "db", secretEnv: { PASSWORD: { ref: "env://HW_TEST_DB_PASSWORD" } } }],
    });
    store.saveDesired({ project: "web", canonical, hash: "h", sourcePath: "/srv/hostwright.yaml" });
    store.appendEvent({
      type: "applied",
      severity: "info",
      project: "web",
      service: "db",
      message: "created web-db-1",
      timestamp: new Date().toISOString(),
      correlationId: "c",
      data: { secretRefs: ["env://HW_TEST_DB_PASSWORD"] },
    });
    store.close();
    store = openStore(join(root, "state"));

    const dir = join(root, "state");
    const onDisk = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f)).toString("latin1"))
      .join("\n");
    delete process.env.HW_TEST_DB_PASSWORD;
    // The grep works (the reference is found) and the value is nowhere.
    expect(onDisk).toContain("env://HW_TEST_DB_PASSWORD");
    expect(onDisk).not.toContain(secretValue);
  });
});
