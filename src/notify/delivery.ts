/**
 * Delivery to one receiver, off the reconcile path: `enqueue` only appends to a bounded queue and
 * returns; one worker per receiver POSTs with a timeout and retries with doubling back-off. So a
 * receiver that hangs delays only its own queue, never a pass or another receiver. Every attempt
 * is reported (sent / failed / dropped) with the receiver's redacted label, never its URL.
 */

import type { RenderedRequest } from "./formats.js";
import type { Notification } from "./notification.js";

export type PostResult =
  | { ok: true; status: number }
  /** `code`: "timeout", "http-503", "econnrefused"... (never a message, which may echo the URL). */
  | { ok: false; code: string; status?: number; retryable: boolean };

export type Post = (
  url: string,
  req: RenderedRequest,
  timeoutMs: number,
  signal: AbortSignal,
) => Promise<PostResult>;

export interface AttemptReport {
  outcome: "sent" | "failed" | "dropped";
  notification: Notification;
  /** The receiver as it may be shown: scheme://host[:port] or the secret reference's name. */
  target: string;
  attempt: number;
  attempts: number;
  status?: number;
  code?: string;
  /** Set on a failed attempt that will be retried. */
  retryInMs?: number;
}

export interface DeliveryOptions {
  target: string;
  /** Resolved at each attempt (a secret reference may be rotated); a throw fails the attempt. */
  resolveUrl: () => Promise<string>;
  timeoutMs: number;
  post: Post;
  delay: (ms: number, signal: AbortSignal) => Promise<void>;
  report: (r: AttemptReport) => void;
  /** Attempts per notification (default 3). */
  attempts?: number;
  /** First retry after this, doubling (default 1 s). */
  backoffMs?: number;
  /** Pending notifications kept; beyond it the oldest is dropped (default 100). */
  maxQueue?: number;
}

interface Pending {
  notification: Notification;
  request: RenderedRequest;
}

export class DeliveryQueue {
  private readonly pending: Pending[] = [];
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly o: DeliveryOptions) {}

  /** Never blocks and never throws: the caller is a reconcile pass. */
  enqueue(notification: Notification, request: RenderedRequest): void {
    if (this.abort.signal.aborted) return;
    this.pending.push({ notification, request });
    const max = this.o.maxQueue ?? 100;
    while (this.pending.length > max) {
      const dropped = this.pending.shift()!;
      this.o.report({
        outcome: "dropped",
        notification: dropped.notification,
        target: this.o.target,
        attempt: 0,
        attempts: this.attempts,
        code: "queue-full",
      });
    }
    this.kick();
  }

  /** Starts the worker unless it runs; one that ends with work left (enqueued as it finished) restarts. */
  private kick(): void {
    if (this.running !== undefined || this.abort.signal.aborted) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      if (this.pending.length > 0) this.kick();
    });
  }

  get size(): number {
    return this.pending.length;
  }

  /** Resolves when the queue is empty (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** Stops the worker: an attempt in flight is aborted, pending notifications are dropped silently. */
  stop(): void {
    this.abort.abort();
    this.pending.length = 0;
  }

  private get attempts(): number {
    return this.o.attempts ?? 3;
  }

  private async drain(): Promise<void> {
    for (let next = this.pending.shift(); next; next = this.pending.shift()) {
      await this.deliver(next);
      if (this.abort.signal.aborted) return;
    }
  }

  private async deliver(p: Pending): Promise<void> {
    const signal = this.abort.signal;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      const result = await this.attemptOnce(p, signal);
      if (signal.aborted) return;
      const base = { notification: p.notification, target: this.o.target, attempt, attempts: this.attempts };
      if (result.ok) {
        this.o.report({ outcome: "sent", ...base, status: result.status });
        return;
      }
      const retry = result.retryable && attempt < this.attempts;
      const retryInMs = (this.o.backoffMs ?? 1000) * 2 ** (attempt - 1);
      this.o.report({
        outcome: "failed",
        ...base,
        code: result.code,
        ...(result.status !== undefined ? { status: result.status } : {}),
        ...(retry ? { retryInMs } : {}),
      });
      if (!retry) return;
      await this.o.delay(retryInMs, signal).catch(() => undefined);
      if (signal.aborted) return;
    }
  }

  private async attemptOnce(p: Pending, signal: AbortSignal): Promise<PostResult> {
    let url: string;
    try {
      url = await this.o.resolveUrl();
    } catch {
      return { ok: false, code: "url-unresolved", retryable: true };
    }
    try {
      return await this.o.post(url, p.request, this.o.timeoutMs, signal);
    } catch {
      return { ok: false, code: "error", retryable: true };
    }
  }
}
