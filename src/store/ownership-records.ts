/**
 * Ownership records: the store's half of the ownership proof (the other half is the owner label
 * on the runtime resource). "intended" is written BEFORE the create call so a crash between the
 * call and its result still leaves evidence that the resource is ours.
 */
import type { SqliteDb } from "./sqlite-driver.js";
import type { OwnershipRecord, OwnershipState, ResourceKind } from "./store-types.js";

interface OwnershipRow {
  kind: ResourceKind;
  name: string;
  project: string;
  service: string | null;
  instance: number | null;
  spec_hash: string | null;
  state: OwnershipState;
  runtime_id: string | null;
  intended_at: string;
  confirmed_at: string | null;
}

const SELECT =
  "SELECT kind, name, project, service, instance, spec_hash, state, runtime_id, intended_at, confirmed_at FROM ownership";

export class OwnershipRecords {
  constructor(private readonly db: SqliteDb) {}

  /** Re-intending an existing record (a recreate) resets it to "intended" and drops the old id. */
  intend(r: {
    project: string;
    kind: ResourceKind;
    name: string;
    service?: string;
    instance?: number;
    specHash?: string;
  }): void {
    this.db
      .prepare(
        `INSERT INTO ownership (kind, name, project, service, instance, spec_hash, state, runtime_id, intended_at)
         VALUES (@kind, @name, @project, @service, @instance, @specHash, 'intended', NULL, @now)
         ON CONFLICT (kind, name) DO UPDATE SET
           project = excluded.project, service = excluded.service, instance = excluded.instance,
           spec_hash = excluded.spec_hash, state = 'intended', runtime_id = NULL,
           intended_at = excluded.intended_at, confirmed_at = NULL`,
      )
      .run({
        kind: r.kind,
        name: r.name,
        project: r.project,
        service: r.service ?? null,
        instance: r.instance ?? null,
        specHash: r.specHash ?? null,
        now: new Date().toISOString(),
      });
  }

  /** Throws when nothing was intended: confirming unrecorded ownership would forge the proof. */
  confirm(kind: ResourceKind, name: string, r: { runtimeId: string; specHash?: string }): void {
    const result = this.db
      .prepare(
        `UPDATE ownership SET state = 'confirmed', runtime_id = ?, spec_hash = COALESCE(?, spec_hash),
           confirmed_at = ? WHERE kind = ? AND name = ?`,
      )
      .run(r.runtimeId, r.specHash ?? null, new Date().toISOString(), kind, name);
    if (result.changes === 0) {
      throw new Error(`confirmOwnership(${kind}, ${name}) without a prior intendOwnership`);
    }
  }

  /** Safe when absent: forgetting is the last step of removing a resource, and removal is idempotent. */
  forget(kind: ResourceKind, name: string): void {
    this.db.prepare("DELETE FROM ownership WHERE kind = ? AND name = ?").run(kind, name);
  }

  get(kind: ResourceKind, name: string): OwnershipRecord | undefined {
    const row = this.db.prepare(`${SELECT} WHERE kind = ? AND name = ?`).get(kind, name) as
      | OwnershipRow
      | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  /** Sorted by kind then name, so callers get a deterministic order. */
  owned(project: string, kind?: ResourceKind): OwnershipRecord[] {
    const rows = (
      kind === undefined
        ? this.db.prepare(`${SELECT} WHERE project = ? ORDER BY kind, name`).all(project)
        : this.db.prepare(`${SELECT} WHERE project = ? AND kind = ? ORDER BY name`).all(project, kind)
    ) as OwnershipRow[];
    return rows.map(toRecord);
  }
}

function toRecord(row: OwnershipRow): OwnershipRecord {
  return {
    project: row.project,
    kind: row.kind,
    name: row.name,
    ...(row.service === null ? {} : { service: row.service }),
    ...(row.instance === null ? {} : { instance: row.instance }),
    ...(row.spec_hash === null ? {} : { specHash: row.spec_hash }),
    state: row.state,
    ...(row.runtime_id === null ? {} : { runtimeId: row.runtime_id }),
    intendedAt: row.intended_at,
    ...(row.confirmed_at === null ? {} : { confirmedAt: row.confirmed_at }),
  };
}
