/** Plans as they were about to be executed: what recovery and `hostwright history` look back at. */

import { fromJsonColumn, toJsonColumn } from "./json-column.js";
import type { SqliteDb } from "./sqlite-driver.js";
import type { PlanKind, StoredPlan } from "./store-types.js";

interface PlanRow {
  id: string;
  project: string;
  hash: string;
  correlation_id: string;
  kind: PlanKind;
  body: string;
  created_at: string;
}

const SELECT = "SELECT id, project, hash, correlation_id, kind, body, created_at FROM plans";

export class Plans {
  constructor(private readonly db: SqliteDb) {}

  /** Plans are immutable: saving the same id twice is a programming error (constraint violation). */
  save(p: {
    id: string;
    project: string;
    hash: string;
    correlationId: string;
    kind: PlanKind;
    body: unknown;
  }): void {
    this.db
      .prepare(
        `INSERT INTO plans (id, project, hash, correlation_id, kind, body, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        p.id,
        p.project,
        p.hash,
        p.correlationId,
        p.kind,
        toJsonColumn(p.body) ?? "null",
        new Date().toISOString(),
      );
  }

  get(id: string): StoredPlan | undefined {
    const row = this.db.prepare(`${SELECT} WHERE id = ?`).get(id) as PlanRow | undefined;
    return row === undefined ? undefined : toPlan(row);
  }

  latest(project: string, kind?: PlanKind): StoredPlan | undefined {
    const row = (
      kind === undefined
        ? this.db.prepare(`${SELECT} WHERE project = ? ORDER BY seq DESC LIMIT 1`).get(project)
        : this.db
            .prepare(`${SELECT} WHERE project = ? AND kind = ? ORDER BY seq DESC LIMIT 1`)
            .get(project, kind)
    ) as PlanRow | undefined;
    return row === undefined ? undefined : toPlan(row);
  }
}

function toPlan(row: PlanRow): StoredPlan {
  return {
    id: row.id,
    project: row.project,
    hash: row.hash,
    correlationId: row.correlation_id,
    kind: row.kind,
    body: fromJsonColumn(row.body),
    createdAt: row.created_at,
  };
}
