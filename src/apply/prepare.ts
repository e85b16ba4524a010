/**
 * The first half of every mutating flow (apply, down, operator stop/start): take the project
 * lock, say so if it was taken over from a dead process, and recover operations an interrupted
 * run left without a result, before anything new is planned. The caller plans, executes (see
 * execute.ts) and releases the lock.
 */
import { randomUUID } from "node:crypto";
import type { HwEvent, RuntimeAdapter } from "../core/index.js";
import type { Store } from "../store/index.js";
import { type RecoveryItem, recoverInterrupted } from "./recover.js";

/** Who runs the flow: an operator's explicit command, or the daemon's own reconcile. */
export type FlowPurpose = "operator" | "daemon";

export interface PrepareOptions {
  store: Store;
  runtime: RuntimeAdapter;
  /** Shown to a contender that finds the lock held (e.g. "apply", "down", "stop"). */
  lockPurpose: string;
  lockTimeoutMs: number;
  correlationId?: string;
  emit?: (e: HwEvent) => void;
}

export interface PreparedFlow {
  correlationId: string;
  recovered: RecoveryItem[];
  /** Appends to the store's event log and forwards to the caller's listener. */
  emit: (e: HwEvent) => void;
  release: () => void;
}

export async function prepareFlow(project: string, opts: PrepareOptions): Promise<PreparedFlow> {
  const { store, runtime } = opts;
  const correlationId = opts.correlationId ?? randomUUID();
  const emit = (e: HwEvent) => {
    store.appendEvent(e);
    opts.emit?.(e);
  };
  const lock = await store.acquireLock(
    project,
    { purpose: opts.lockPurpose },
    { timeoutMs: opts.lockTimeoutMs },
  );
  try {
    if (lock.tookOverFrom) {
      const h = lock.tookOverFrom;
      emit(
        projectEvent(
          project,
          correlationId,
          "lock_taken_over",
          "warning",
          `took over the lock of pid ${h.pid} on ${h.host} (${h.purpose}, since ${h.startedAt}): that process is gone`,
        ),
      );
    }
    // Only an interrupted run leaves intents without results; observe for them only then.
    const recovered = store.unfinishedOperations(project).length
      ? recoverInterrupted(store, await runtime.observe(project), correlationId, emit)
      : [];
    return { correlationId, recovered, emit, release: () => lock.release() };
  } catch (err) {
    lock.release();
    throw err;
  }
}

export function projectEvent(
  project: string,
  correlationId: string,
  type: HwEvent["type"],
  severity: HwEvent["severity"],
  message: string,
  data?: Record<string, unknown>,
): HwEvent {
  return {
    type,
    severity,
    project,
    message,
    timestamp: new Date().toISOString(),
    correlationId,
    ...(data ? { data } : {}),
  };
}
