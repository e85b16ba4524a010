import { describe, expect, it } from "vitest";
import { openSqlite, sqliteDriverName } from "./sqlite-driver.js";

const hasNodeSqlite = (() => {
  try {
    return process.getBuiltinModule?.("node:sqlite") !== undefined;
  } catch {
    return false;
  }
})();

describe("sqlite driver", () => {
  it("uses node:sqlite where this Node has it, better-sqlite3 otherwise, and honours the override", () => {
    expect(sqliteDriverName({})).toBe(hasNodeSqlite ? "node-sqlite" : "better-sqlite3");
    expect(sqliteDriverName({ HOSTWRIGHT_SQLITE_DRIVER: "better-sqlite3" })).toBe("better-sqlite3");
  });

  it("commits a transaction, rolls back one that throws, and nests with savepoints", () => {
    const db = openSqlite(":memory:", { readonly: false });
    db.exec("CREATE TABLE t (v INTEGER)");
    db.immediate(() => db.prepare("INSERT INTO t (v) VALUES (?)").run(1));
    expect(() =>
      db.immediate(() => {
        db.prepare("INSERT INTO t (v) VALUES (?)").run(2);
        throw new Error("no");
      }),
    ).toThrow("no");
    db.immediate(() => {
      db.prepare("INSERT INTO t (v) VALUES (?)").run(3);
      expect(() =>
        db.immediate(() => {
          db.prepare("INSERT INTO t (v) VALUES (?)").run(4);
          throw new Error("inner");
        }),
      ).toThrow("inner");
    });
    expect(db.prepare("SELECT v FROM t ORDER BY v").all()).toEqual([{ v: 1 }, { v: 3 }]);
    expect(db.pragma("user_version", { simple: true })).toBe(0);
    db.close();
    expect(db.open).toBe(false);
  });
});
