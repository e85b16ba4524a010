/**
 * One writer per project: a row in `locks`, claimed inside BEGIN IMMEDIATE so two processes can
 * never both see the lock free. A row left behind by a process that died on this host is taken
 * over (the caller emits lock_taken_over); anything else is waited for, up to a timeout.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { SqliteDb } from "./sqlite-driver.js";
import { lockHeld } from "./store-errors.js";
import type { AcquireLockOptions, LockHandle, LockInfo } from "./store-types.js";

const POLL_MS = 150;

interface LockRow {
  project: string;
  pid: number;
  host: string;
  purpose: string;
  started_at: string;
  token: string;
}

type Attempt = { acquired: true; tookOverFrom?: LockInfo } | { acquired: false; holder: LockInfo };

export class ProjectLocks {
  /** project → token of the locks this Store instance holds. */
  private readonly held = new Map<string, string>();

  constructor(private readonly db: SqliteDb) {}

  async acquire(project: string, holder: { purpose: string }, opts: AcquireLockOptions): Promise<LockHandle> {
    if (this.held.has(project)) {
      // Not re-entrant: a nested acquire would release the outer holder's lock on its way out.
      throw new Error(`acquireLock(${project}): this store already holds that lock`);
    }
    const token = randomUUID();
    const started = Date.now();
    let lastHolder: string | undefined;
    for (;;) {
      const attempt = this.tryClaim(project, holder.purpose, token);
      if (attempt.acquired) {
        this.held.set(project, token);
        return this.handle(project, token, attempt.tookOverFrom);
      }
      const waited = Date.now() - started;
      if (waited >= opts.timeoutMs) throw lockHeld(attempt.holder, waited);
      const holderKey = `${attempt.holder.host}:${attempt.holder.pid}:${attempt.holder.startedAt}`;
      if (holderKey !== lastHolder) opts.onWait?.(attempt.holder);
      lastHolder = holderKey;
      await sleep(Math.min(POLL_MS, opts.timeoutMs - waited));
    }
  }

  info(project: string): LockInfo | undefined {
    const row = this.db.prepare("SELECT * FROM locks WHERE project = ?").get(project) as LockRow | undefined;
    return row === undefined ? undefined : toInfo(row);
  }

  /** Releases every lock this instance holds (on close, so a clean exit never leaves one behind). */
  releaseAll(): void {
    for (const [project, token] of this.held) this.release(project, token);
  }

  private tryClaim(project: string, purpose: string, token: string): Attempt {
    return relaxedSync(this.db, () => this.claim(project, purpose, token));
  }

  private claim(project: string, purpose: string, token: string): Attempt {
    return this.db.immediate((): Attempt => {
      const row = this.db.prepare("SELECT * FROM locks WHERE project = ?").get(project) as
        | LockRow
        | undefined;
      if (row !== undefined && !isAbandoned(row)) return { acquired: false, holder: toInfo(row) };
      this.db
        .prepare(
          `INSERT INTO locks (project, pid, host, purpose, started_at, token) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (project) DO UPDATE SET pid = excluded.pid, host = excluded.host,
               purpose = excluded.purpose, started_at = excluded.started_at, token = excluded.token`,
        )
        .run(project, process.pid, hostname(), purpose, new Date().toISOString(), token);
      return row === undefined ? { acquired: true } : { acquired: true, tookOverFrom: toInfo(row) };
    });
  }

  private handle(project: string, token: string, tookOverFrom: LockInfo | undefined): LockHandle {
    return {
      release: () => this.release(project, token),
      ...(tookOverFrom === undefined ? {} : { tookOverFrom }),
    };
  }

  private release(project: string, token: string): void {
    if (this.held.get(project) !== token) return;
    this.held.delete(project);
    // The token guard: never delete a lock that another process has since taken over.
    relaxedSync(this.db, () =>
      this.db.prepare("DELETE FROM locks WHERE project = ? AND token = ?").run(project, token),
    );
  }
}

/**
 * Lock rows need not survive a power cut (their holder would not either), so their commits skip
 * the fsync that synchronous=FULL costs every other write (two per apply, one pair per daemon
 * pass). The next FULL commit syncs the log, these frames included.
 */
function relaxedSync<T>(db: SqliteDb, fn: () => T): T {
  if (db.readonly) return fn();
  const before = db.pragma("synchronous", { simple: true });
  db.pragma("synchronous = NORMAL");
  try {
    return fn();
  } finally {
    db.pragma(`synchronous = ${Number(before)}`);
  }
}

/** Only a holder on this host can be checked; a pid on another host is never presumed dead. */
function isAbandoned(row: LockRow): boolean {
  return row.host === hostname() && !isProcessAlive(row.pid);
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user — alive.
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

function toInfo(row: LockRow): LockInfo {
  return {
    project: row.project,
    pid: row.pid,
    host: row.host,
    purpose: row.purpose,
    startedAt: row.started_at,
  };
}
