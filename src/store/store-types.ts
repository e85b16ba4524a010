/** The records the store hands back. Times are ISO-8601 strings (UTC). */
import type { HwEvent } from "../core/index.js";

/**
 * "service": a Swarm service (--runtime swarm), named `<project>_<service>`; "secret"/"config": a
 * Swarm secret/config made for a service's files:, named `<project>_<name>_<12 hex content hash>`.
 */
export type ResourceKind = "container" | "volume" | "network" | "service" | "secret" | "config";

export interface DesiredRevision {
  project: string;
  /** 1-based, per project; a new one only when the hash changes. */
  revision: number;
  /** Canonical JSON of the desired state: secret references only, never values. */
  canonical: string;
  hash: string;
  sourcePath: string;
  createdAt: string;
}

export type OwnershipState = "intended" | "confirmed";

export interface OwnershipRecord {
  project: string;
  kind: ResourceKind;
  /** The runtime name (e.g. "hello-web-1"), unique per kind. */
  name: string;
  service?: string;
  instance?: number;
  specHash?: string;
  /** "intended": written before the create call; "confirmed": the runtime returned an id. */
  state: OwnershipState;
  runtimeId?: string;
  intendedAt: string;
  confirmedAt?: string;
}

export type PlanKind = "apply" | "recovery" | "down" | "operator";

export interface StoredPlan {
  id: string;
  project: string;
  hash: string;
  correlationId: string;
  kind: PlanKind;
  body: unknown;
  createdAt: string;
}

export type OperationStatus = "pending" | "done" | "failed" | "skipped";
export type OperationResolution = "adopted" | "replanned" | "abandoned";

export interface OperationRecord {
  id: number;
  planId: string;
  opId: string;
  project: string;
  kind: string;
  target: string;
  detail?: unknown;
  /** "pending" from beginOperation until finishOperation. */
  status: OperationStatus;
  error?: string;
  runtimeId?: string;
  startedAt: string;
  finishedAt?: string;
  /** How recovery dealt with an operation that was begun but never finished. */
  resolution?: OperationResolution;
  resolutionNote?: string;
  resolvedAt?: string;
}

export type StoredEvent = HwEvent & { id: number };

export interface EventQuery {
  project?: string;
  service?: string;
  /** ISO time; events at or after it. */
  since?: string;
  /** Events with a larger id (for followers that poll). */
  afterId?: number;
  /**
   * With afterId: the first `limit` events after it (so a follower never skips any).
   * Without: the newest `limit` matching events. Always returned in ascending id order.
   */
  limit?: number;
}

export interface LockInfo {
  project: string;
  pid: number;
  host: string;
  purpose: string;
  startedAt: string;
}

export interface LockHandle {
  /** Idempotent; never releases a lock someone else has since taken over. */
  release(): void;
  /** Set when the lock was taken over from a dead holder on this host (emit lock_taken_over). */
  tookOverFrom?: LockInfo;
}

export interface AcquireLockOptions {
  /** 0 fails at once when the lock is held. */
  timeoutMs: number;
  /** Called when the acquire starts waiting, and again whenever the holder changes. */
  onWait?: (holder: LockInfo) => void;
}
