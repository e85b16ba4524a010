/**
 * Operation intents: a row is committed (synchronous=FULL) BEFORE the runtime call and finished
 * AFTER it, so after a crash every begun operation is either finished or listed as unfinished
 * for recovery to adopt, replan or abandon.
 */

import { fromJsonColumn, toJsonColumn } from "./json-column.js";
import type { SqliteDb } from "./sqlite-driver.js";
import type { OperationRecord, OperationResolution, OperationStatus } from "./store-types.js";

interface OperationRow {
  id: number;
  plan_id: string;
  op_id: string;
  project: string;
  kind: string;
  target: string;
  detail: string | null;
  status: OperationStatus;
  error: string | null;
  runtime_id: string | null;
  started_at: string;
  finished_at: string | null;
  resolution: OperationResolution | null;
  resolution_note: string | null;
  resolved_at: string | null;
}

const SELECT = "SELECT * FROM operations";
const UNFINISHED = "status = 'pending' AND resolution IS NULL";

export class Operations {
  constructor(private readonly db: SqliteDb) {}

  /** The plan must have been saved first (foreign key): intent is only meaningful within a plan. */
  begin(o: {
    planId: string;
    opId: string;
    project: string;
    kind: string;
    target: string;
    detail?: unknown;
  }): number {
    const result = this.db
      .prepare(
        `INSERT INTO operations (plan_id, op_id, project, kind, target, detail, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(o.planId, o.opId, o.project, o.kind, o.target, toJsonColumn(o.detail), new Date().toISOString());
    return Number(result.lastInsertRowid);
  }

  finish(id: number, r: { status: "done" | "failed" | "skipped"; error?: string; runtimeId?: string }): void {
    const result = this.db
      .prepare(
        `UPDATE operations SET status = ?, error = ?, runtime_id = ?, finished_at = ?
         WHERE id = ? AND status = 'pending'`,
      )
      .run(r.status, r.error ?? null, r.runtimeId ?? null, new Date().toISOString(), id);
    if (result.changes === 0) throw new Error(`finishOperation(${id}): no pending operation with that id`);
  }

  /** Oldest first: recovery handles them in the order they were attempted. */
  unfinished(project?: string): OperationRecord[] {
    const rows = (
      project === undefined
        ? this.db.prepare(`${SELECT} WHERE ${UNFINISHED} ORDER BY id`).all()
        : this.db.prepare(`${SELECT} WHERE ${UNFINISHED} AND project = ? ORDER BY id`).all(project)
    ) as OperationRow[];
    return rows.map(toOperation);
  }

  /** Only an unfinished operation can be resolved; the status stays "pending" as the honest record. */
  resolve(id: number, r: { resolution: OperationResolution; note: string }): void {
    const result = this.db
      .prepare(
        `UPDATE operations SET resolution = ?, resolution_note = ?, resolved_at = ?
         WHERE id = ? AND ${UNFINISHED}`,
      )
      .run(r.resolution, r.note, new Date().toISOString(), id);
    if (result.changes === 0)
      throw new Error(`resolveOperation(${id}): no unfinished operation with that id`);
  }

  /** The newest `limit`, returned oldest first. */
  recent(project: string, limit = 50): OperationRecord[] {
    const rows = this.db
      .prepare(`${SELECT} WHERE project = ? ORDER BY id DESC LIMIT ?`)
      .all(project, limit) as OperationRow[];
    return rows.reverse().map(toOperation);
  }
}

function toOperation(row: OperationRow): OperationRecord {
  return {
    id: row.id,
    planId: row.plan_id,
    opId: row.op_id,
    project: row.project,
    kind: row.kind,
    target: row.target,
    ...(row.detail === null ? {} : { detail: fromJsonColumn(row.detail) }),
    status: row.status,
    ...(row.error === null ? {} : { error: row.error }),
    ...(row.runtime_id === null ? {} : { runtimeId: row.runtime_id }),
    startedAt: row.started_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    ...(row.resolution === null ? {} : { resolution: row.resolution }),
    ...(row.resolution_note === null ? {} : { resolutionNote: row.resolution_note }),
    ...(row.resolved_at === null ? {} : { resolvedAt: row.resolved_at }),
  };
}
