/** Small persisted settings (daemon pause state, restart counters…), stored as JSON. */
import type { SqliteDb } from "./sqlite-driver.js";

export class Settings {
  constructor(private readonly db: SqliteDb) {}

  get<T>(key: string): T | undefined {
    const row = this.db.prepare("SELECT value FROM settings WHERE key = ?").get(key) as
      | { value: string }
      | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as T);
  }

  /** undefined cannot round-trip through JSON; use delete instead. */
  set(key: string, value: unknown): void {
    if (value === undefined) throw new Error(`setSetting(${key}, undefined): use deleteSetting`);
    this.db
      .prepare(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), new Date().toISOString());
  }

  delete(key: string): void {
    this.db.prepare("DELETE FROM settings WHERE key = ?").run(key);
  }
}
