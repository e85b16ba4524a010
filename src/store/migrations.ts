/**
 * Schema migrations, tracked with PRAGMA user_version: MIGRATIONS[i] takes the schema from
 * version i to i + 1. Append only — never edit a step that has shipped, because stores in the
 * field already ran it. Each step runs in its own transaction together with the version bump.
 */
import type { SqliteDb } from "./sqlite-driver.js";

export const MIGRATIONS: readonly string[] = [
  // 1: the initial schema.
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE desired_revisions (
    project     TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    canonical   TEXT    NOT NULL,
    hash        TEXT    NOT NULL,
    source_path TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (project, revision)
  );

  CREATE TABLE ownership (
    kind         TEXT NOT NULL CHECK (kind IN ('container', 'volume', 'network')),
    name         TEXT NOT NULL,
    project      TEXT NOT NULL,
    service      TEXT,
    instance     INTEGER,
    spec_hash    TEXT,
    state        TEXT NOT NULL CHECK (state IN ('intended', 'confirmed')),
    runtime_id   TEXT,
    intended_at  TEXT NOT NULL,
    confirmed_at TEXT,
    PRIMARY KEY (kind, name)
  );
  CREATE INDEX ownership_by_project ON ownership (project, kind);

  CREATE TABLE plans (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    project        TEXT NOT NULL,
    hash           TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('apply', 'recovery')),
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL
  );
  CREATE INDEX plans_by_project ON plans (project, kind, seq);

  CREATE TABLE operations (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id         TEXT NOT NULL REFERENCES plans (id),
    op_id           TEXT NOT NULL,
    project         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    target          TEXT NOT NULL,
    detail          TEXT,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'done', 'failed', 'skipped')),
    error           TEXT,
    runtime_id      TEXT,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    resolution      TEXT CHECK (resolution IN ('adopted', 'replanned', 'abandoned')),
    resolution_note TEXT,
    resolved_at     TEXT
  );
  CREATE INDEX operations_by_project ON operations (project, id);
  CREATE INDEX operations_unfinished ON operations (status) WHERE status = 'pending';

  CREATE TABLE events (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    type           TEXT    NOT NULL,
    severity       TEXT    NOT NULL,
    project        TEXT    NOT NULL,
    service        TEXT,
    instance       TEXT,
    message        TEXT    NOT NULL,
    runtime_ref    TEXT,
    timestamp      TEXT    NOT NULL,
    at_ms          INTEGER NOT NULL,
    correlation_id TEXT    NOT NULL,
    data           TEXT
  );
  CREATE INDEX events_by_project ON events (project, id);
  CREATE INDEX events_by_time ON events (at_ms);

  CREATE TABLE locks (
    project    TEXT PRIMARY KEY,
    pid        INTEGER NOT NULL,
    host       TEXT    NOT NULL,
    purpose    TEXT    NOT NULL,
    started_at TEXT    NOT NULL,
    token      TEXT    NOT NULL
  );

  CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  // 2: plans also record `down` and operator stop/start (kind), so a down is never shown as an
  // apply. SQLite cannot change a CHECK in place: rebuild plans, and operations that reference it
  // (child first, so foreign keys hold at every step inside this transaction).
  `
  CREATE TABLE plans_v2 (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT NOT NULL UNIQUE,
    project        TEXT NOT NULL,
    hash           TEXT NOT NULL,
    correlation_id TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('apply', 'recovery', 'down', 'operator')),
    body           TEXT NOT NULL,
    created_at     TEXT NOT NULL
  );
  INSERT INTO plans_v2 SELECT * FROM plans;
  CREATE TABLE operations_v2 (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id         TEXT NOT NULL REFERENCES plans_v2 (id),
    op_id           TEXT NOT NULL,
    project         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    target          TEXT NOT NULL,
    detail          TEXT,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'done', 'failed', 'skipped')),
    error           TEXT,
    runtime_id      TEXT,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    resolution      TEXT CHECK (resolution IN ('adopted', 'replanned', 'abandoned')),
    resolution_note TEXT,
    resolved_at     TEXT
  );
  INSERT INTO operations_v2 SELECT * FROM operations;
  DROP TABLE operations;
  DROP TABLE plans;
  ALTER TABLE plans_v2 RENAME TO plans;
  ALTER TABLE operations_v2 RENAME TO operations;
  CREATE INDEX plans_by_project ON plans (project, kind, seq);
  CREATE INDEX operations_by_project ON operations (project, id);
  CREATE INDEX operations_unfinished ON operations (status) WHERE status = 'pending';
  `,
  // 3: ownership records for --runtime swarm: Swarm services (one per `<project>_<service>`) and
  // the secrets and configs of their files: (content-addressed `<project>_<name>_<12 hex>`).
  `
  CREATE TABLE ownership_v3 (
    kind         TEXT NOT NULL CHECK (kind IN ('container', 'volume', 'network', 'service', 'secret', 'config')),
    name         TEXT NOT NULL,
    project      TEXT NOT NULL,
    service      TEXT,
    instance     INTEGER,
    spec_hash    TEXT,
    state        TEXT NOT NULL CHECK (state IN ('intended', 'confirmed')),
    runtime_id   TEXT,
    intended_at  TEXT NOT NULL,
    confirmed_at TEXT,
    PRIMARY KEY (kind, name)
  );
  INSERT INTO ownership_v3 SELECT * FROM ownership;
  DROP TABLE ownership;
  ALTER TABLE ownership_v3 RENAME TO ownership;
  CREATE INDEX ownership_by_project ON ownership (project, kind);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: SqliteDb): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Brings an older (or empty) database up to SCHEMA_VERSION. Returns the versions applied. */
export function migrate(db: SqliteDb): number[] {
  const applied: number[] = [];
  for (let version = schemaVersion(db); version < MIGRATIONS.length; version++) {
    const step = MIGRATIONS[version] as string;
    db.immediate(() => {
      db.exec(step);
      // user_version cannot be bound as a parameter; `version` is our own integer.
      db.pragma(`user_version = ${version + 1}`);
    });
    applied.push(version + 1);
  }
  return applied;
}
