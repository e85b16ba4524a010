/**
 * The state store: one SQLite file per state directory, holding desired revisions, ownership
 * records, plans and operation intents, events, project locks and small settings. It is dumb on
 * purpose: it stores what callers hand it and decides nothing. Callers pass only canonical
 * desired state (secret references, never values) — see docs/state-store.md.
 */
import { randomUUID } from "node:crypto";
import { chmodSync, closeSync, existsSync, openSync } from "node:fs";
import { join } from "node:path";
import type { HwEvent } from "../core/index.js";
import { DesiredRevisions } from "./desired-revisions.js";
import { EventLog } from "./event-log.js";
import { openDatabase } from "./open-database.js";
import { Operations } from "./operations.js";
import { OwnershipRecords } from "./ownership-records.js";
import { Plans } from "./plans.js";
import { ProjectLocks } from "./project-locks.js";
import { Settings } from "./settings.js";
import type { SqliteDb } from "./sqlite-driver.js";
import { FILE_MODE, prepareStateDir } from "./state-dir.js";
import { backupTargetExists } from "./store-errors.js";
import type {
  AcquireLockOptions,
  DesiredRevision,
  EventQuery,
  LockHandle,
  LockInfo,
  OperationRecord,
  OperationResolution,
  OwnershipRecord,
  PlanKind,
  ResourceKind,
  StoredEvent,
  StoredPlan,
} from "./store-types.js";

export const DB_FILE = "state.db";
export const EVENTS_FILE = "events.jsonl";

export function openStore(dir: string, opts: { readonly?: boolean } = {}): Store {
  const readonly = opts.readonly ?? false;
  if (!readonly) prepareStateDir(dir);
  return new Store(dir, openDatabase(join(dir, DB_FILE), readonly));
}

export class Store {
  readonly dbPath: string;
  /** Generated once per store; the value of the dev.hostwright.owner label. */
  readonly ownerId: string;
  private readonly desired: DesiredRevisions;
  private readonly owners: OwnershipRecords;
  private readonly plans: Plans;
  private readonly operations: Operations;
  private readonly eventLog: EventLog;
  private readonly locks: ProjectLocks;
  private readonly settings: Settings;

  /** Use openStore(); the constructor takes an already opened and migrated database. */
  constructor(
    readonly dir: string,
    private readonly db: SqliteDb,
  ) {
    this.dbPath = db.name;
    this.ownerId = loadOwnerId(db);
    this.desired = new DesiredRevisions(db);
    this.owners = new OwnershipRecords(db);
    this.plans = new Plans(db);
    this.operations = new Operations(db);
    this.eventLog = new EventLog(db, join(dir, EVENTS_FILE));
    this.locks = new ProjectLocks(db);
    this.settings = new Settings(db);
  }

  saveDesired(r: { project: string; canonical: string; hash: string; sourcePath: string }) {
    return this.desired.save(r);
  }
  latestDesired(project: string): DesiredRevision | undefined {
    return this.desired.latest(project);
  }
  /** Newest first; 20 unless told. */
  desiredHistory(project: string, limit?: number): DesiredRevision[] {
    return this.desired.history(project, limit);
  }
  /** Projects with a desired revision or an owned resource, sorted. */
  projects(): string[] {
    const rows = this.db
      .prepare("SELECT project FROM desired_revisions UNION SELECT project FROM ownership ORDER BY project")
      .all() as { project: string }[];
    return rows.map((r) => r.project);
  }

  intendOwnership(r: {
    project: string;
    kind: ResourceKind;
    name: string;
    service?: string;
    instance?: number;
    specHash?: string;
  }): void {
    this.owners.intend(r);
  }
  confirmOwnership(kind: ResourceKind, name: string, r: { runtimeId: string; specHash?: string }): void {
    this.owners.confirm(kind, name, r);
  }
  forgetOwnership(kind: ResourceKind, name: string): void {
    this.owners.forget(kind, name);
  }
  ownership(kind: ResourceKind, name: string): OwnershipRecord | undefined {
    return this.owners.get(kind, name);
  }
  ownedResources(project: string, kind?: ResourceKind): OwnershipRecord[] {
    return this.owners.owned(project, kind);
  }

  savePlan(p: {
    id: string;
    project: string;
    hash: string;
    correlationId: string;
    kind: PlanKind;
    body: unknown;
  }) {
    this.plans.save(p);
  }
  getPlan(id: string): StoredPlan | undefined {
    return this.plans.get(id);
  }
  latestPlan(project: string, kind?: PlanKind): StoredPlan | undefined {
    return this.plans.latest(project, kind);
  }

  /** Committed durably BEFORE the runtime call; returns the operation id for finishOperation. */
  beginOperation(o: {
    planId: string;
    opId: string;
    project: string;
    kind: string;
    target: string;
    detail?: unknown;
  }): number {
    return this.operations.begin(o);
  }
  finishOperation(
    id: number,
    r: { status: "done" | "failed" | "skipped"; error?: string; runtimeId?: string },
  ) {
    this.operations.finish(id, r);
  }
  unfinishedOperations(project?: string): OperationRecord[] {
    return this.operations.unfinished(project);
  }
  resolveOperation(id: number, r: { resolution: OperationResolution; note: string }): void {
    this.operations.resolve(id, r);
  }
  /** The newest `limit` (50 unless told), oldest first. */
  recentOperations(project: string, limit?: number): OperationRecord[] {
    return this.operations.recent(project, limit);
  }

  appendEvent(e: HwEvent): number {
    return this.eventLog.append(e);
  }
  events(q: EventQuery): StoredEvent[] {
    return this.eventLog.query(q);
  }

  acquireLock(project: string, holder: { purpose: string }, opts: AcquireLockOptions): Promise<LockHandle> {
    return this.locks.acquire(project, holder, opts);
  }
  lockInfo(project: string): LockInfo | undefined {
    return this.locks.info(project);
  }

  getSetting<T>(key: string): T | undefined {
    return this.settings.get<T>(key);
  }
  setSetting(key: string, value: unknown): void {
    this.settings.set(key, value);
  }
  deleteSetting(key: string): void {
    this.settings.delete(key);
  }

  /** [] when PRAGMA integrity_check says ok (foreign key violations count as problems too). */
  integrityCheck(): string[] {
    const rows = this.db.pragma("integrity_check") as { integrity_check: string }[];
    const problems = rows.map((r) => r.integrity_check).filter((msg) => msg !== "ok");
    const fkRows = this.db.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[];
    for (const fk of fkRows)
      problems.push(`${fk.table} row ${fk.rowid} references a missing ${fk.parent} row`);
    return problems;
  }

  /** A consistent online copy (SQLite backup API); never overwrites an existing file. */
  async backup(file: string): Promise<void> {
    if (existsSync(file)) throw backupTargetExists(file);
    // Created 0600 up front so the copy is never readable by others, not even briefly.
    closeSync(openSync(file, "wx", FILE_MODE));
    await this.db.backup(file);
    chmodSync(file, FILE_MODE);
  }

  /** Releases this instance's locks, closes the events mirror and the database. Idempotent. */
  close(): void {
    if (!this.db.open) return;
    if (!this.db.readonly) this.locks.releaseAll();
    this.eventLog.close();
    this.db.close();
  }
}

function loadOwnerId(db: SqliteDb): string {
  if (!db.readonly) {
    db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('owner_id', ?)").run(randomUUID());
  }
  const row = db.prepare("SELECT value FROM meta WHERE key = 'owner_id'").get() as
    | { value: string }
    | undefined;
  // A read-only open of a store that was migrated but never fully opened: no owner yet.
  return row?.value ?? "";
}
