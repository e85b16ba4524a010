import { formatDuration, HwError } from "../../core/index.js";
import { PolicyErrorCode } from "./policy-error-codes.js";

export interface RateLimit {
  actions: number;
  perMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAtMs: number; reason: string };

/**
 * Per-service sliding window over repair actions (manifest `reconcile.guardrails.rateLimit`).
 * A service that needs more than `actions` repairs per `perMs` is not healing: the daemon stops
 * and reports `reconcile_blocked` instead of fighting it. Pure: time is passed in.
 *
 * `check` only asks; `record` spends. Ask first, let the guardrail gate decide, and record only
 * when the repair is really made — so a repair blocked for another reason spends nothing.
 */
export class RateLimiter {
  #limit: RateLimit;
  readonly #taken = new Map<string, number[]>();

  constructor(limit: RateLimit) {
    RateLimiter.#validate(limit);
    this.#limit = limit;
  }

  /** Judge by a new limit from now on (a manifest change), keeping the actions already taken. */
  retune(limit: RateLimit): void {
    if (limit.actions === this.#limit.actions && limit.perMs === this.#limit.perMs) return;
    RateLimiter.#validate(limit);
    this.#limit = limit;
  }

  static #validate(limit: RateLimit): void {
    if (
      !(
        Number.isInteger(limit.actions) &&
        limit.actions > 0 &&
        Number.isFinite(limit.perMs) &&
        limit.perMs > 0
      )
    ) {
      throw new HwError(
        PolicyErrorCode.invalidRateLimit,
        `rate limit of ${limit.actions} actions per ${limit.perMs}ms is invalid`,
        { hint: "set reconcile.guardrails.rateLimit to {actions: N ≥ 1, per: duration > 0}" },
      );
    }
  }

  get limit(): RateLimit {
    return this.#limit;
  }

  check(service: string, now: number): RateDecision {
    const recent = this.#recent(service, now);
    if (recent.length < this.#limit.actions) return { allowed: true };
    // The window frees a slot when its oldest action slides out of it.
    const retryAtMs = (recent[0] ?? now) + this.#limit.perMs;
    return {
      allowed: false,
      retryAtMs,
      reason:
        `rate limit reached for service ${service}: ${this.#limit.actions} actions per ` +
        `${formatDuration(this.#limit.perMs)}; next repair allowed in ${formatDuration(Math.max(retryAtMs - now, 0))}`,
    };
  }

  record(service: string, now: number): void {
    this.#taken.set(service, [...this.#recent(service, now), now]);
  }

  /** check, and record when allowed. */
  tryTake(service: string, now: number): RateDecision {
    const decision = this.check(service, now);
    if (decision.allowed) this.record(service, now);
    return decision;
  }

  /** Forget a service's history, e.g. after an operator resumes it following diagnostics. */
  reset(service: string): void {
    this.#taken.delete(service);
  }

  #recent(service: string, now: number): number[] {
    const recent = (this.#taken.get(service) ?? []).filter((t) => now - t < this.#limit.perMs);
    if (recent.length === 0) this.#taken.delete(service);
    else this.#taken.set(service, recent);
    return recent;
  }
}
