import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isHwError } from "../core/index.js";
import { DB_FILE, LockErrorCode, type LockInfo, openStore, type Store } from "./index.js";
import { openDatabase } from "./open-database.js";
import { ProjectLocks } from "./project-locks.js";
import { openSqlite } from "./sqlite-driver.js";

let root: string;
let stores: Store[];
function open(): Store {
  const store = openStore(root);
  stores.push(store);
  return store;
}
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "hw-lock-"));
  stores = [];
});
afterEach(() => {
  for (const s of stores) s.close();
  rmSync(root, { recursive: true, force: true });
});

/** Writes a lock row as another process would have left it. */
function insertLockRow(row: { pid: number; host: string; purpose: string; startedAt: string }): void {
  const db = openSqlite(join(root, DB_FILE), { readonly: false });
  db.prepare(
    "INSERT INTO locks (project, pid, host, purpose, started_at, token) VALUES (?, ?, ?, ?, ?, ?)",
  ).run("web", row.pid, row.host, row.purpose, row.startedAt, "someone-else");
  db.close();
}

async function lockError(promise: Promise<unknown>): Promise<Error & { code?: string; exitCode?: number }> {
  try {
    await promise;
  } catch (err) {
    if (isHwError(err)) return err;
    throw err;
  }
  throw new Error("expected the acquire to fail");
}

describe("project locks", () => {
  it("records the holder and frees the row on release", async () => {
    const store = open();
    const handle = await store.acquireLock("web", { purpose: "apply" }, { timeoutMs: 0 });
    expect(handle.tookOverFrom).toBeUndefined();
    expect(store.lockInfo("web")).toMatchObject({
      project: "web",
      pid: process.pid,
      host: hostname(),
      purpose: "apply",
    });
    handle.release();
    handle.release();
    expect(store.lockInfo("web")).toBeUndefined();
    // Locks are per project: another project is independent.
    const other = await store.acquireLock("api", { purpose: "apply" }, { timeoutMs: 0 });
    other.release();
  });

  it("fails at once with HW-LOCK-001 / exit 75 naming the holder when timeoutMs is 0", async () => {
    const holder = open();
    const contender = open();
    await holder.acquireLock("web", { purpose: "daemon" }, { timeoutMs: 0 });
    const since = holder.lockInfo("web")?.startedAt ?? "";
    const err = await lockError(contender.acquireLock("web", { purpose: "apply" }, { timeoutMs: 0 }));
    expect(err.code).toBe(LockErrorCode.held);
    expect(err.exitCode).toBe(75);
    expect(err.message).toContain(`pid ${process.pid}`);
    expect(err.message).toContain(hostname());
    expect(err.message).toContain("daemon");
    expect(err.message).toContain(since);
  });

  it("a second acquire of the same project by the same store is a programming error", async () => {
    const store = open();
    await store.acquireLock("web", { purpose: "apply" }, { timeoutMs: 0 });
    await expect(store.acquireLock("web", { purpose: "apply" }, { timeoutMs: 1000 })).rejects.toThrow(
      /already holds/,
    );
  });

  it("takes over a lock whose holder died on this host and reports whom from", async () => {
    const child = spawnSync(process.execPath, ["-e", ""]);
    const deadPid = child.pid;
    expect(deadPid).toBeGreaterThan(0);
    open().close();
    insertLockRow({
      pid: deadPid,
      host: hostname(),
      purpose: "apply",
      startedAt: "2030-01-01T00:00:00.000Z",
    });

    const store = open();
    const handle = await store.acquireLock("web", { purpose: "daemon" }, { timeoutMs: 0 });
    expect(handle.tookOverFrom).toEqual<LockInfo>({
      project: "web",
      pid: deadPid,
      host: hostname(),
      purpose: "apply",
      startedAt: "2030-01-01T00:00:00.000Z",
    });
    expect(store.lockInfo("web")).toMatchObject({ pid: process.pid, purpose: "daemon" });
  });

  it("never presumes a holder on another host dead", async () => {
    const child = spawnSync(process.execPath, ["-e", ""]);
    open().close();
    insertLockRow({
      pid: child.pid,
      host: "elsewhere.example",
      purpose: "apply",
      startedAt: "2030-01-01T00:00:00Z",
    });
    const err = await lockError(open().acquireLock("web", { purpose: "apply" }, { timeoutMs: 0 }));
    expect(err.message).toContain("elsewhere.example");
  });

  it("a waiting acquire gets the lock once the holder releases it", async () => {
    const holder = open();
    const waiter = open();
    const held = await holder.acquireLock("web", { purpose: "apply" }, { timeoutMs: 0 });
    const waitedFor: LockInfo[] = [];
    const pending = waiter.acquireLock(
      "web",
      { purpose: "daemon" },
      { timeoutMs: 10_000, onWait: (h) => waitedFor.push(h) },
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(waitedFor.map((h) => h.purpose)).toEqual(["apply"]);
    held.release();
    const handle = await pending;
    expect(handle.tookOverFrom).toBeUndefined();
    expect(waiter.lockInfo("web")?.purpose).toBe("daemon");
    // The old handle must not free the new holder's lock.
    held.release();
    expect(waiter.lockInfo("web")?.purpose).toBe("daemon");
  });

  it("a waiting acquire gives up with HW-LOCK-001 after its timeout", async () => {
    const holder = open();
    await holder.acquireLock("web", { purpose: "apply" }, { timeoutMs: 0 });
    const err = await lockError(open().acquireLock("web", { purpose: "apply" }, { timeoutMs: 250 }));
    expect(err.code).toBe(LockErrorCode.held);
    expect(err.message).toMatch(/waited \d+ms/);
  });

  it("close releases the locks a store holds", async () => {
    const holder = open();
    await holder.acquireLock("web", { purpose: "apply" }, { timeoutMs: 0 });
    holder.close();
    const next = await open().acquireLock("web", { purpose: "apply" }, { timeoutMs: 0 });
    expect(next.tookOverFrom).toBeUndefined();
  });
});

describe("lock commits and durability", () => {
  it("claims and releases without leaving the connection at a weaker synchronous level", async () => {
    const db = openDatabase(join(root, DB_FILE), false);
    const locks = new ProjectLocks(db);
    const handle = await locks.acquire("web", { purpose: "apply" }, { timeoutMs: 0 });
    // 2 = FULL: every other write (operation intents) still waits for the disk.
    expect(db.pragma("synchronous", { simple: true })).toBe(2);
    handle.release();
    expect(db.pragma("synchronous", { simple: true })).toBe(2);
    expect(db.prepare("SELECT COUNT(*) AS n FROM locks").get()).toEqual({ n: 0 });
    db.close();
  });
});
