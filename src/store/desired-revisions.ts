/** Desired-state revisions per project: an append-only history keyed by canonical hash. */
import type { SqliteDb } from "./sqlite-driver.js";
import type { DesiredRevision } from "./store-types.js";

interface DesiredRow {
  project: string;
  revision: number;
  canonical: string;
  hash: string;
  source_path: string;
  created_at: string;
}

const SELECT = "SELECT project, revision, canonical, hash, source_path, created_at FROM desired_revisions";

export class DesiredRevisions {
  constructor(private readonly db: SqliteDb) {}

  /** No new row when the hash equals the latest revision's: re-applying is not a change. */
  save(r: { project: string; canonical: string; hash: string; sourcePath: string }): {
    revision: number;
    changed: boolean;
  } {
    return this.db.immediate(() => {
      const latest = this.latest(r.project);
      if (latest?.hash === r.hash) return { revision: latest.revision, changed: false };
      const revision = (latest?.revision ?? 0) + 1;
      this.db
        .prepare(
          `INSERT INTO desired_revisions (project, revision, canonical, hash, source_path, created_at)
             VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(r.project, revision, r.canonical, r.hash, r.sourcePath, new Date().toISOString());
      return { revision, changed: true };
    });
  }

  latest(project: string): DesiredRevision | undefined {
    const row = this.db.prepare(`${SELECT} WHERE project = ? ORDER BY revision DESC LIMIT 1`).get(project) as
      | DesiredRow
      | undefined;
    return row === undefined ? undefined : toRevision(row);
  }

  /** Newest first. */
  history(project: string, limit = 20): DesiredRevision[] {
    const rows = this.db
      .prepare(`${SELECT} WHERE project = ? ORDER BY revision DESC LIMIT ?`)
      .all(project, limit) as DesiredRow[];
    return rows.map(toRevision);
  }
}

function toRevision(row: DesiredRow): DesiredRevision {
  return {
    project: row.project,
    revision: row.revision,
    canonical: row.canonical,
    hash: row.hash,
    sourcePath: row.source_path,
    createdAt: row.created_at,
  };
}
