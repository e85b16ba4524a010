/**
 * The errors a user can meet when the state store or a project lock is unavailable. Codes are
 * stable (docs/state-store.md lists them); every store failure exits 66, a held lock exits 75.
 */
import { ExitCode, HwError } from "../core/index.js";

export const StoreErrorCode = {
  corrupt: "HW-STORE-001",
  tooNew: "HW-STORE-002",
  dirUnavailable: "HW-STORE-003",
  missing: "HW-STORE-004",
  needsMigration: "HW-STORE-005",
  backupTargetExists: "HW-STORE-006",
} as const;

export const LockErrorCode = { held: "HW-LOCK-001" } as const;

const CHECK_HINT =
  "Run `hostwright state check` for details, or move the file aside and restore a backup " +
  "(hostwright never overwrites or deletes it for you).";

export function storeCorrupt(
  dbPath: string,
  cause: unknown,
  detail = "is not a readable SQLite database",
): HwError {
  return new HwError(StoreErrorCode.corrupt, `State store ${dbPath} ${detail}`, {
    hint: CHECK_HINT,
    exitCode: ExitCode.storeUnavailable,
    cause,
  });
}

export function storeTooNew(dbPath: string, found: number, known: number): HwError {
  return new HwError(
    StoreErrorCode.tooNew,
    `State store ${dbPath} was created by a newer hostwright (schema ${found} > ${known}); refusing to touch it`,
    {
      hint: "Upgrade hostwright, or point --state-dir at another directory.",
      exitCode: ExitCode.storeUnavailable,
    },
  );
}

export function storeDirUnavailable(dir: string, cause: unknown): HwError {
  const reason = cause instanceof Error ? `: ${cause.message}` : "";
  return new HwError(
    StoreErrorCode.dirUnavailable,
    `State directory ${dir} cannot be created or written${reason}`,
    {
      hint: "Check its permissions, or choose another location with --state-dir or HOSTWRIGHT_STATE_DIR.",
      exitCode: ExitCode.storeUnavailable,
      cause,
    },
  );
}

export function storeMissing(dbPath: string): HwError {
  return new HwError(StoreErrorCode.missing, `No state store at ${dbPath}`, {
    hint: "Nothing has been applied with this state directory yet; run `hostwright apply` first.",
    exitCode: ExitCode.storeUnavailable,
  });
}

export function storeNeedsMigration(dbPath: string, found: number, known: number): HwError {
  return new HwError(
    StoreErrorCode.needsMigration,
    `State store ${dbPath} uses schema ${found}, this hostwright needs ${known}; a read-only open cannot upgrade it`,
    {
      hint: "Run any writing command (e.g. `hostwright plan`) once to upgrade it.",
      exitCode: ExitCode.storeUnavailable,
    },
  );
}

export function backupTargetExists(file: string): HwError {
  return new HwError(StoreErrorCode.backupTargetExists, `Backup target ${file} already exists`, {
    hint: "Choose a new file name; backups never overwrite an existing file.",
    exitCode: ExitCode.failure,
  });
}

export function lockHeld(
  info: { project: string; pid: number; host: string; purpose: string; startedAt: string },
  waitedMs: number,
): HwError {
  const waited = waitedMs > 0 ? ` (waited ${waitedMs}ms)` : "";
  return new HwError(
    LockErrorCode.held,
    `Project ${info.project} is locked by pid ${info.pid} on ${info.host} (${info.purpose}) since ${info.startedAt}${waited}`,
    {
      hint:
        "Wait for that command to finish and retry. A lock whose process died on this host is taken over " +
        "automatically; one held from another host must be released there.",
      exitCode: ExitCode.locked,
      retryable: true,
    },
  );
}
