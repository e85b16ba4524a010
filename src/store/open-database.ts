/**
 * Opens the SQLite file with the durability settings the store relies on, and refuses — without
 * writing a single byte — files it must not touch: non-databases, foreign databases and
 * databases from a newer hostwright.
 */
import { closeSync, existsSync, openSync } from "node:fs";
import { isHwError } from "../core/index.js";
import { migrate, SCHEMA_VERSION, schemaVersion } from "./migrations.js";
import { openSqlite, type SqliteDb } from "./sqlite-driver.js";
import { FILE_MODE, tightenMode } from "./state-dir.js";
import {
  storeCorrupt,
  storeDirUnavailable,
  storeMissing,
  storeNeedsMigration,
  storeTooNew,
} from "./store-errors.js";

const NOT_A_DATABASE = new Set(["SQLITE_NOTADB", "SQLITE_CORRUPT"]);

export function openDatabase(dbPath: string, readonly: boolean): SqliteDb {
  if (readonly && !existsSync(dbPath)) throw storeMissing(dbPath);
  if (!readonly) createPrivately(dbPath);
  let db: SqliteDb;
  try {
    db = openSqlite(dbPath, { readonly });
  } catch (err) {
    throw storeDirUnavailable(dbPath, err);
  }
  try {
    prepare(db, dbPath, readonly);
    return db;
  } catch (err) {
    db.close();
    if (isHwError(err)) throw err;
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string" && NOT_A_DATABASE.has(code)) throw storeCorrupt(dbPath, err);
    throw storeDirUnavailable(dbPath, err);
  }
}

function prepare(db: SqliteDb, dbPath: string, readonly: boolean): void {
  // Wait for another writer rather than failing with SQLITE_BUSY (a pure connection setting).
  db.pragma("busy_timeout = 5000");
  // The first read: fails with SQLITE_NOTADB on garbage before anything is written.
  const version = schemaVersion(db);
  if (version > SCHEMA_VERSION) throw storeTooNew(dbPath, version, SCHEMA_VERSION);
  if (version === 0 && hasTables(db)) {
    throw storeCorrupt(dbPath, undefined, "is an SQLite database but not a hostwright state store");
  }
  if (readonly) {
    if (version < SCHEMA_VERSION) throw storeNeedsMigration(dbPath, version, SCHEMA_VERSION);
    db.pragma("foreign_keys = ON");
    return;
  }
  db.pragma("journal_mode = WAL");
  // FULL: an operation intent must survive power loss, not just a process crash.
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  migrate(db);
}

function hasTables(db: SqliteDb): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master LIMIT 1").get() !== undefined;
}

/**
 * Creates an empty file with mode 0600 before SQLite does (SQLite would use the umask, and
 * creates -wal/-shm with the database file's mode). Opening with "a" never truncates or
 * modifies an existing file.
 */
function createPrivately(dbPath: string): void {
  try {
    closeSync(openSync(dbPath, "a", FILE_MODE));
    tightenMode(dbPath, FILE_MODE);
  } catch (err) {
    throw storeDirUnavailable(dbPath, err);
  }
}
