import { describe, expect, it } from "vitest";
import { MIGRATIONS, migrate } from "./migrations.js";
import { openSqlite } from "./sqlite-driver.js";

describe("migration 2: plan kinds down and operator", () => {
  it("keeps existing plans and operations (and their link) and accepts the new kinds", () => {
    const db = openSqlite(":memory:", { readonly: false });
    db.pragma("foreign_keys = ON");
    db.exec(MIGRATIONS[0] as string);
    db.pragma("user_version = 1");
    db.prepare(
      "INSERT INTO plans (id, project, hash, correlation_id, kind, body, created_at) VALUES ('p1','web','h','c','apply','{}','t')",
    ).run();
    db.prepare(
      "INSERT INTO operations (plan_id, op_id, project, kind, target, started_at) VALUES ('p1','1','web','create','container:web-1','t')",
    ).run();
    expect(migrate(db)).toContain(2);
    expect(db.prepare("SELECT plan_id FROM operations").all()).toEqual([{ plan_id: "p1" }]);
    db.prepare(
      "INSERT INTO plans (id, project, hash, correlation_id, kind, body, created_at) VALUES ('p2','web','h','c','down','{}','t')",
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO operations (plan_id, op_id, project, kind, target, started_at) VALUES ('nope','1','web','x','y','t')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    expect(db.pragma("foreign_key_check")).toEqual([]);
  });
});
