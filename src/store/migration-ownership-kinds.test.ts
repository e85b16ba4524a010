import { describe, expect, it } from "vitest";
import { MIGRATIONS, migrate } from "./migrations.js";
import { openSqlite } from "./sqlite-driver.js";

const insert = (kind: string) =>
  `INSERT INTO ownership (kind, name, project, state, intended_at) VALUES ('${kind}','shop_${kind}_1','shop','intended','t')`;

describe("migration 3: ownership kinds service, secret and config", () => {
  it("keeps existing records and accepts service, secret and config (still refusing unknown kinds)", () => {
    const db = openSqlite(":memory:", { readonly: false });
    for (const step of MIGRATIONS.slice(0, 2)) db.exec(step);
    db.pragma("user_version = 2");
    db.prepare(insert("container")).run();
    expect(() => db.prepare(insert("service")).run()).toThrow(/CHECK/);
    expect(() => db.prepare(insert("secret")).run()).toThrow(/CHECK/);
    expect(migrate(db)).toEqual([3]);
    db.prepare(insert("service")).run();
    db.prepare(insert("secret")).run();
    db.prepare(insert("config")).run();
    expect(() => db.prepare(insert("bogus")).run()).toThrow(/CHECK/);
    expect(db.prepare("SELECT kind FROM ownership ORDER BY kind").all()).toEqual([
      { kind: "config" },
      { kind: "container" },
      { kind: "secret" },
      { kind: "service" },
    ]);
  });
});
