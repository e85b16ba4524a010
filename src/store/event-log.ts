/**
 * Events: rows in SQLite (the source of truth for queries) mirrored as JSON lines in
 * <dir>/events.jsonl (0600) for `tail -f` and log shippers. The mirror line is written after
 * the row commits and carries the row id.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { HwEvent } from "../core/index.js";
import { fromJsonColumn, toJsonColumn } from "./json-column.js";
import type { SqliteDb } from "./sqlite-driver.js";
import { FILE_MODE, tightenMode } from "./state-dir.js";
import type { EventQuery, StoredEvent } from "./store-types.js";

interface EventRow {
  id: number;
  type: HwEvent["type"];
  severity: HwEvent["severity"];
  project: string;
  service: string | null;
  instance: string | null;
  message: string;
  runtime_ref: string | null;
  timestamp: string;
  correlation_id: string;
  data: string | null;
}

export class EventLog {
  private fd: number | undefined;

  constructor(
    private readonly db: SqliteDb,
    private readonly jsonlPath: string,
  ) {}

  append(e: HwEvent): number {
    const atMs = Date.parse(e.timestamp);
    const result = this.db
      .prepare(
        `INSERT INTO events (type, severity, project, service, instance, message, runtime_ref, timestamp,
           at_ms, correlation_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        e.type,
        e.severity,
        e.project,
        e.service ?? null,
        e.instance ?? null,
        e.message,
        e.runtimeRef ?? null,
        e.timestamp,
        // An unparseable timestamp still gets stored; it sorts by arrival time instead.
        Number.isNaN(atMs) ? Date.now() : atMs,
        e.correlationId,
        toJsonColumn(e.data),
      );
    const id = Number(result.lastInsertRowid);
    writeSync(this.mirror(), `${JSON.stringify({ id, ...e })}\n`);
    return id;
  }

  query(q: EventQuery): StoredEvent[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (clause: string, value: string | number): void => {
      where.push(clause);
      params.push(value);
    };
    if (q.project !== undefined) add("project = ?", q.project);
    if (q.service !== undefined) add("service = ?", q.service);
    if (q.since !== undefined) {
      const sinceMs = Date.parse(q.since);
      if (Number.isNaN(sinceMs)) throw new Error(`events(): since is not an ISO time: ${q.since}`);
      add("at_ms >= ?", sinceMs);
    }
    if (q.afterId !== undefined) add("id > ?", q.afterId);
    const filter = where.length === 0 ? "" : `WHERE ${where.join(" AND ")}`;
    // Followers (afterId) page forwards; everyone else wants the newest `limit`.
    const newestFirst = q.limit !== undefined && q.afterId === undefined;
    const order = newestFirst ? "DESC" : "ASC";
    const limit = q.limit === undefined ? "" : "LIMIT ?";
    if (q.limit !== undefined) params.push(q.limit);
    const rows = this.db
      .prepare(`SELECT * FROM events ${filter} ORDER BY id ${order} ${limit}`)
      .all(...params) as EventRow[];
    if (newestFirst) rows.reverse();
    return rows.map(toEvent);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private mirror(): number {
    if (this.fd === undefined) {
      this.fd = openSync(this.jsonlPath, "a", FILE_MODE);
      tightenMode(this.jsonlPath, FILE_MODE);
    }
    return this.fd;
  }
}

function toEvent(row: EventRow): StoredEvent {
  const data = fromJsonColumn(row.data) as Record<string, unknown> | undefined;
  return {
    id: row.id,
    type: row.type,
    severity: row.severity,
    project: row.project,
    ...(row.service === null ? {} : { service: row.service }),
    ...(row.instance === null ? {} : { instance: row.instance }),
    message: row.message,
    ...(row.runtime_ref === null ? {} : { runtimeRef: row.runtime_ref }),
    timestamp: row.timestamp,
    correlationId: row.correlation_id,
    ...(data === undefined ? {} : { data }),
  };
}
