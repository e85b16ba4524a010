/**
 * The few SQLite calls the store makes, over one of two drivers: Node's built-in node:sqlite
 * where it exists (Node >= 22.13 unflagged; no native addon to build, and the addon is built for
 * one Node ABI only), else better-sqlite3 (Node 20). Both are synchronous and speak the same SQL
 * to the same file format, so a state directory moves freely between them.
 *
 * HOSTWRIGHT_SQLITE_DRIVER=better-sqlite3 or =node-sqlite picks one explicitly (tests, a fallback).
 */
import { createRequire } from "node:module";

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface SqliteStatement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

export interface SqliteDb {
  /** The file's path, as opened. */
  readonly name: string;
  readonly open: boolean;
  readonly readonly: boolean;
  /** Which driver this connection runs on. */
  readonly driver: SqliteDriverName;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  /** `PRAGMA <source>`: its rows, or with `simple` the first column of the first row. */
  pragma(source: string, opts?: { simple?: boolean }): unknown;
  /** Runs fn inside BEGIN IMMEDIATE … COMMIT (ROLLBACK when it throws); nested calls use savepoints. */
  immediate<T>(fn: () => T): T;
  /** A consistent online copy into `file` (which may exist only as an empty file). */
  backup(file: string): Promise<void>;
  close(): void;
}

export type SqliteDriverName = "node-sqlite" | "better-sqlite3";

const requireCjs = createRequire(import.meta.url);

interface NodeSqliteModule {
  DatabaseSync: new (
    path: string,
    opts?: { readOnly?: boolean },
  ) => {
    prepare(sql: string): SqliteStatement;
    exec(sql: string): void;
    close(): void;
  };
  backup?: (db: unknown, path: string) => Promise<unknown>;
}

function nodeSqlite(): NodeSqliteModule | undefined {
  try {
    return process.getBuiltinModule?.("node:sqlite") as NodeSqliteModule | undefined;
  } catch {
    return undefined;
  }
}

export function sqliteDriverName(env: NodeJS.ProcessEnv = process.env): SqliteDriverName {
  const asked = env.HOSTWRIGHT_SQLITE_DRIVER;
  if (asked === "better-sqlite3" || asked === "node-sqlite") return asked;
  return nodeSqlite() ? "node-sqlite" : "better-sqlite3";
}

/** Opens (creating unless readonly) the database file with the driver this Node has. */
export function openSqlite(path: string, opts: { readonly: boolean }): SqliteDb {
  return sqliteDriverName() === "node-sqlite" ? openNodeSqlite(path, opts) : openBetterSqlite(path, opts);
}

/** node:sqlite reports SQLite's result code as a number; callers check the names better-sqlite3 uses. */
const RESULT_CODES: Record<number, string> = { 5: "SQLITE_BUSY", 11: "SQLITE_CORRUPT", 26: "SQLITE_NOTADB" };

function withSqliteCode<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const errcode = (err as { errcode?: unknown }).errcode;
    if (typeof errcode === "number") {
      const primary = RESULT_CODES[errcode & 0xff];
      if (primary) Object.assign(err as object, { code: primary });
    }
    throw err;
  }
}

function openNodeSqlite(path: string, opts: { readonly: boolean }): SqliteDb {
  const sqlite = nodeSqlite();
  if (!sqlite) throw new Error("node:sqlite is not available in this Node");
  const db = withSqliteCode(() => new sqlite.DatabaseSync(path, { readOnly: opts.readonly }));
  let open = true;
  let depth = 0;
  const exec = (sql: string) => withSqliteCode(() => db.exec(sql));
  const prepare = (sql: string): SqliteStatement => {
    const st = withSqliteCode(() => db.prepare(sql));
    return {
      run: (...p) => withSqliteCode(() => st.run(...p)),
      get: (...p) => withSqliteCode(() => st.get(...p)),
      all: (...p) => withSqliteCode(() => st.all(...p)),
    };
  };
  return {
    name: path,
    get open() {
      return open;
    },
    readonly: opts.readonly,
    driver: "node-sqlite",
    prepare,
    exec,
    pragma(source, o) {
      const rows = prepare(`PRAGMA ${source}`).all() as Record<string, unknown>[];
      return o?.simple ? Object.values(rows[0] ?? {})[0] : rows;
    },
    immediate<T>(fn: () => T): T {
      const savepoint = `hw_sp_${depth}`;
      exec(depth === 0 ? "BEGIN IMMEDIATE" : `SAVEPOINT ${savepoint}`);
      depth++;
      try {
        const result = fn();
        depth--;
        exec(depth === 0 ? "COMMIT" : `RELEASE ${savepoint}`);
        return result;
      } catch (err) {
        depth--;
        exec(depth === 0 ? "ROLLBACK" : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
        throw err;
      }
    },
    async backup(file) {
      if (sqlite.backup) await sqlite.backup(db, file);
      else prepare("VACUUM INTO ?").run(file);
    },
    close() {
      if (!open) return;
      open = false;
      db.close();
    },
  };
}

interface BetterSqliteDb {
  name: string;
  open: boolean;
  readonly: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  pragma(source: string, opts?: { simple?: boolean }): unknown;
  transaction<T>(fn: () => T): { immediate(): T };
  backup(file: string): Promise<unknown>;
  close(): void;
}

function openBetterSqlite(path: string, opts: { readonly: boolean }): SqliteDb {
  const Database = requireCjs("better-sqlite3") as new (
    path: string,
    o: { readonly: boolean; fileMustExist: boolean },
  ) => BetterSqliteDb;
  const db = new Database(path, { readonly: opts.readonly, fileMustExist: opts.readonly });
  return {
    name: db.name,
    get open() {
      return db.open;
    },
    readonly: db.readonly,
    driver: "better-sqlite3",
    prepare: (sql) => db.prepare(sql),
    exec: (sql) => db.exec(sql),
    pragma: (source, o) => db.pragma(source, o),
    immediate: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    async backup(file) {
      await db.backup(file);
    },
    close: () => db.close(),
  };
}
