import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isHwError } from "../core/index.js";
import { DB_FILE, openStore, SCHEMA_VERSION, StoreErrorCode } from "./index.js";
import { openSqlite } from "./sqlite-driver.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "hw-store-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

function expectHwError(fn: () => unknown, code: string, exitCode: number): Error {
  try {
    fn();
  } catch (err) {
    expect(isHwError(err)).toBe(true);
    if (!isHwError(err)) throw err;
    expect(err.code).toBe(code);
    expect(err.exitCode).toBe(exitCode);
    return err;
  }
  throw new Error("expected an HwError");
}

describe("openStore", () => {
  it("migrates an empty directory to the current schema with the durability pragmas", () => {
    const dir = join(root, "state");
    const store = openStore(dir);
    const db = openSqlite(join(dir, DB_FILE), { readonly: true });
    expect(db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    )
      .map((t) => t.name)
      .sort();
    expect(tables).toEqual(
      expect.arrayContaining([
        "desired_revisions",
        "events",
        "locks",
        "meta",
        "operations",
        "ownership",
        "plans",
        "settings",
      ]),
    );
    db.close();
    store.close();
  });

  it("keeps the owner id across reopens", () => {
    const dir = join(root, "state");
    const first = openStore(dir);
    const ownerId = first.ownerId;
    first.close();
    expect(ownerId).toMatch(/^[0-9a-f-]{36}$/);
    const second = openStore(dir);
    expect(second.ownerId).toBe(ownerId);
    second.close();
    const readonly = openStore(dir, { readonly: true });
    expect(readonly.ownerId).toBe(ownerId);
    readonly.close();
  });

  it("creates the directory 0700 and the database and events files 0600, tightening looser ones", () => {
    const dir = join(root, "state");
    const store = openStore(dir);
    store.appendEvent({
      type: "info",
      severity: "info",
      project: "p",
      message: "hello",
      timestamp: new Date().toISOString(),
      correlationId: "c1",
    });
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(dir, DB_FILE))).toBe(0o600);
    expect(modeOf(join(dir, "events.jsonl"))).toBe(0o600);
    expect(modeOf(join(dir, `${DB_FILE}-wal`))).toBe(0o600);
    store.close();

    const loose = join(root, "loose");
    const prepared = openStore(loose);
    prepared.close();
    // Simulate someone loosening the permissions after the fact.
    chmodSync(loose, 0o755);
    chmodSync(join(loose, DB_FILE), 0o644);
    openStore(loose).close();
    expect(modeOf(loose)).toBe(0o700);
    expect(modeOf(join(loose, DB_FILE))).toBe(0o600);
  });

  it("refuses a database from a newer hostwright (exit 66) without changing a byte", () => {
    const dir = join(root, "state");
    openStore(dir).close();
    const dbPath = join(dir, DB_FILE);
    const db = openSqlite(dbPath, { readonly: false });
    db.pragma("journal_mode = DELETE");
    db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    const before = readFileSync(dbPath);
    const err = expectHwError(() => openStore(dir), StoreErrorCode.tooNew, 66);
    expect(err.message).toContain(`schema ${SCHEMA_VERSION + 5} > ${SCHEMA_VERSION}`);
    expect(readFileSync(dbPath).equals(before)).toBe(true);
  });

  it("refuses a file that is not a database (exit 66, path and hint) and leaves it untouched", () => {
    const dir = join(root, "state");
    openStore(dir).close();
    const dbPath = join(dir, DB_FILE);
    rmSync(`${dbPath}-wal`, { force: true });
    rmSync(`${dbPath}-shm`, { force: true });
    const garbage = Buffer.from("this is not sqlite at all, just some bytes ".repeat(200));
    writeFileSync(dbPath, garbage);
    const err = expectHwError(() => openStore(dir), StoreErrorCode.corrupt, 66);
    expect(err.message).toContain(dbPath);
    expect(isHwError(err) && err.hint).toContain("hostwright state check");
    expect(readFileSync(dbPath).equals(garbage)).toBe(true);
  });

  it("refuses an SQLite database that is not a hostwright store", () => {
    const dir = join(root, "state");
    mkdirSync(dir, { recursive: true });
    const foreign = openSqlite(join(dir, DB_FILE), { readonly: false });
    foreign.exec("CREATE TABLE photos (id INTEGER PRIMARY KEY)");
    foreign.close();
    const before = readFileSync(join(dir, DB_FILE));
    expectHwError(() => openStore(dir), StoreErrorCode.corrupt, 66);
    expect(readFileSync(join(dir, DB_FILE)).equals(before)).toBe(true);
  });

  it("reports a directory that cannot be created as HW-STORE-003", () => {
    const blocker = join(root, "a-file");
    writeFileSync(blocker, "x");
    expectHwError(() => openStore(join(blocker, "state")), StoreErrorCode.dirUnavailable, 66);
  });

  it("read-only open of a missing store is HW-STORE-004 and creates nothing", () => {
    const dir = join(root, "nothing-here");
    expectHwError(() => openStore(dir, { readonly: true }), StoreErrorCode.missing, 66);
    expect(() => statSync(dir)).toThrow();
  });

  it("a read-only store sees committed writes but cannot write", () => {
    const dir = join(root, "state");
    const writer = openStore(dir);
    writer.setSetting("paused", true);
    const reader = openStore(dir, { readonly: true });
    expect(reader.getSetting<boolean>("paused")).toBe(true);
    expect(() => reader.setSetting("paused", false)).toThrow();
    reader.close();
    writer.close();
  });
});
