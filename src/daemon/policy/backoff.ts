import { formatDuration, HwError, type RestartSpec } from "../../core/index.js";
import { PolicyErrorCode } from "./policy-error-codes.js";

/** ±25% (Nomad's restart jitter) so replicas that crashed together do not restart in lockstep. */
const JITTER_FRACTION = 0.25;
/** Only the restarts inside the stable-run window matter (crash-loop detection); keep a few more. */
const MAX_REMEMBERED_RESTARTS = 32;

export type BackoffSpec = RestartSpec["backoff"];

/** What the daemon persists per instance so a daemon restart does not forget a crash loop. */
export interface BackoffSnapshot {
  version: 1;
  restartCount: number;
  step: number;
  lastRestartAt?: number;
  recentRestarts: number[];
  jitter: number;
}

/**
 * Per-instance restart back-off: initial, doubling up to max, ±25% jitter, reset after a stable
 * run of 2×max (the kubelet rule, rather than Docker's fixed 10 s that flaps slow databases).
 * Pure: time is passed in as epoch milliseconds and randomness is injectable.
 */
export class RestartBackoff {
  readonly #spec: BackoffSpec;
  readonly #rand: () => number;
  #restartCount = 0;
  /** Restarts since the last reset: the exponent. */
  #step = 0;
  #lastRestartAt: number | undefined;
  #recentRestarts: number[] = [];
  /** Sampled once per step so repeated questions about the same restart get the same answer. */
  #jitter: number;

  constructor(spec: BackoffSpec, rand: () => number = Math.random) {
    assertValidSpec(spec);
    this.#spec = spec;
    this.#rand = rand;
    this.#jitter = this.#sampleJitter();
  }

  /** The back-off settings this history is judged by (the supervisor rebuilds on a change). */
  get spec(): BackoffSpec {
    return this.#spec;
  }

  /** Total restarts recorded (not reset by a stable run; that only resets the delay). */
  get restartCount(): number {
    return this.#restartCount;
  }

  /** A run at least this long proves the instance healthy again and resets the delay. */
  get stableRunMs(): number {
    return 2 * this.#spec.maxMs;
  }

  /** Restarts since the last stable run (the crash-loop measure). */
  streak(now: number): number {
    return this.#effectiveStep(now);
  }

  /** Restart times (epoch ms) since the last reset, oldest first. */
  get recentRestarts(): readonly number[] {
    return this.#recentRestarts;
  }

  /**
   * How long to wait before the next restart, given that the instance is down at `now`. The first
   * restart of a streak is immediate (as kubelet does: one crash is not a loop); after that the
   * wait is initial, doubling up to max.
   */
  nextDelayMs(now: number): number {
    const step = this.#effectiveStep(now);
    if (step === 0) return 0;
    const base = doublingDelayMs(step, this.#spec.initialMs, this.#spec.maxMs);
    // The cap is a promise to the user ("never wait longer than max"), so jitter cannot exceed it.
    return Math.round(Math.min(base * this.#jitter, this.#spec.maxMs));
  }

  recordRestart(now: number): void {
    const expired = this.#expired(now);
    this.#step = (expired ? 0 : this.#step) + 1;
    this.#restartCount += 1;
    this.#lastRestartAt = now;
    const kept = expired ? [] : this.#recentRestarts.filter((t) => now - t < this.stableRunMs);
    this.#recentRestarts = [...kept, now].slice(-MAX_REMEMBERED_RESTARTS);
    this.#jitter = this.#sampleJitter();
  }

  /** Resets the delay when the instance has been up for 2×max; returns whether it did. */
  recordStableRun(startedAt: number, now: number): boolean {
    if (now - startedAt < this.stableRunMs) return false;
    this.#step = 0;
    this.#recentRestarts = [];
    this.#jitter = this.#sampleJitter();
    return true;
  }

  /** e.g. "back-off 8s (restart 4)": the wait before, and the number of, the next restart. */
  describe(now: number): string {
    return `back-off ${formatDelay(this.nextDelayMs(now))} (restart ${this.#restartCount + 1})`;
  }

  toJSON(): BackoffSnapshot {
    return {
      version: 1,
      restartCount: this.#restartCount,
      step: this.#step,
      ...(this.#lastRestartAt === undefined ? {} : { lastRestartAt: this.#lastRestartAt }),
      recentRestarts: [...this.#recentRestarts],
      jitter: this.#jitter,
    };
  }

  /**
   * Restores persisted state. Back-off state is advisory, so a snapshot that does not parse (an
   * older format, a hand-edited store) yields a fresh back-off instead of stopping the daemon.
   */
  static fromJSON(spec: BackoffSpec, data: unknown, rand: () => number = Math.random): RestartBackoff {
    const backoff = new RestartBackoff(spec, rand);
    if (!isSnapshot(data)) return backoff;
    backoff.#restartCount = data.restartCount;
    backoff.#step = data.step;
    backoff.#lastRestartAt = data.lastRestartAt;
    backoff.#recentRestarts = [...data.recentRestarts];
    backoff.#jitter = data.jitter;
    return backoff;
  }

  #expired(now: number): boolean {
    return this.#lastRestartAt !== undefined && now - this.#lastRestartAt >= this.stableRunMs;
  }

  /** A restart that stayed up past the stable window counts as a stable run even if unobserved. */
  #effectiveStep(now: number): number {
    return this.#expired(now) ? 0 : this.#step;
  }

  #sampleJitter(): number {
    const r = Math.min(Math.max(this.#rand(), 0), 1);
    return 1 + (r * 2 - 1) * JITTER_FRACTION;
  }
}

/**
 * The one doubling rule of the daemon: `initialMs` for attempt 1, twice that for each later
 * attempt, never more than `maxMs`. Restarts, failed passes and event-stream reconnects use it.
 */
export function doublingDelayMs(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(initialMs * 2 ** Math.max(0, attempt - 1), maxMs);
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms}ms` : formatDuration(Math.round(ms / 1000) * 1000);
}

function assertValidSpec(spec: BackoffSpec): void {
  const { initialMs, maxMs } = spec;
  if (Number.isFinite(initialMs) && Number.isFinite(maxMs) && initialMs > 0 && maxMs >= initialMs) return;
  throw new HwError(
    PolicyErrorCode.invalidBackoff,
    `restart back-off initial ${initialMs}ms / max ${maxMs}ms is invalid`,
    { hint: "set restart.backoff.initial > 0 and restart.backoff.max ≥ initial in hostwright.yaml" },
  );
}

function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

function isSnapshot(data: unknown): data is BackoffSnapshot {
  if (typeof data !== "object" || data === null) return false;
  const d = data as Record<string, unknown>;
  return (
    d.version === 1 &&
    Number.isInteger(d.restartCount) &&
    isNonNegativeNumber(d.restartCount) &&
    Number.isInteger(d.step) &&
    isNonNegativeNumber(d.step) &&
    (d.lastRestartAt === undefined || isNonNegativeNumber(d.lastRestartAt)) &&
    Array.isArray(d.recentRestarts) &&
    d.recentRestarts.every(isNonNegativeNumber) &&
    typeof d.jitter === "number" &&
    d.jitter >= 1 - JITTER_FRACTION &&
    d.jitter <= 1 + JITTER_FRACTION
  );
}
