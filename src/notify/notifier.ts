/**
 * The notifier: per project, the receivers from `reconcile.notify`, a transition tracker, and per
 * receiver an on/minSeverity filter, a dedup window and a delivery queue. Every method returns at
 * once (delivery runs on the queues' workers), so the daemon can call it from inside a pass.
 */
import { canonicalJson, type HwEvent, type NotifyTarget } from "../core/index.js";
import { Deduper } from "./dedup.js";
import { type AttemptReport, DeliveryQueue, type Post } from "./delivery.js";
import { renderRequest } from "./formats.js";
import { meetsSeverity, type Notification, stampNotification, type TransitionDraft } from "./notification.js";
import { redactUrl } from "./redact-url.js";
import { type ServiceSnapshot, TransitionTracker, transitionFromEvent } from "./transitions.js";

export interface NotifierDeps {
  host: string;
  now: () => number;
  post: Post;
  delay: (ms: number, signal: AbortSignal) => Promise<void>;
  /** A literal URL as is; a secret reference resolved (env, file). */
  resolveUrl: (url: NotifyTarget["url"]) => Promise<string>;
  /** Attempt events (notify_sent / notify_failed / notify_dropped). */
  emit: (e: HwEvent) => void;
  attempts?: number;
  backoffMs?: number;
  maxQueue?: number;
}

interface Receiver {
  target: NotifyTarget;
  dedup: Deduper;
  queue: DeliveryQueue;
}

interface ProjectReceivers {
  key: string;
  receivers: Receiver[];
  tracker: TransitionTracker;
}

/** How a receiver may be shown: scheme://host[:port], or the name of the secret reference. */
export function receiverLabel(url: NotifyTarget["url"]): string {
  return "literal" in url ? redactUrl(url.literal) : url.secret.ref;
}

export class Notifier {
  private readonly projects = new Map<string, ProjectReceivers>();
  private readonly queues = new Set<DeliveryQueue>();

  constructor(private readonly deps: NotifierDeps) {}

  /** The project's receivers from its current desired state; unchanged config keeps its queues. */
  configure(project: string, targets: readonly NotifyTarget[] | undefined): void {
    const list = targets ?? [];
    const key = canonicalJson(list);
    const current = this.projects.get(project);
    if (current?.key === key) return;
    // A receiver whose entry is unchanged keeps its queue and dedup window; a removed one finishes
    // what it holds, then is forgotten.
    const kept = new Map((current?.receivers ?? []).map((r) => [canonicalJson(r.target), r]));
    const receivers = list.map((target) => {
      const k = canonicalJson(target);
      const old = kept.get(k);
      kept.delete(k);
      return old ?? this.receiver(project, target);
    });
    for (const r of kept.values()) void r.queue.idle().then(() => this.queues.delete(r.queue));
    if (list.length === 0) this.projects.delete(project);
    else this.projects.set(project, { key, receivers, tracker: current?.tracker ?? new TransitionTracker() });
  }

  observeServices(project: string, snapshots: readonly ServiceSnapshot[]): void {
    const p = this.projects.get(project);
    if (!p) return;
    for (const draft of p.tracker.note(snapshots)) this.dispatch(project, p, draft);
  }

  observeEvent(e: HwEvent): void {
    const p = this.projects.get(e.project);
    const draft = p && transitionFromEvent(e);
    if (p && draft) this.dispatch(e.project, p, draft);
  }

  /** Resolves when every queue is empty. */
  async idle(): Promise<void> {
    await Promise.all([...this.queues].map((q) => q.idle()));
  }

  stop(): void {
    for (const q of this.queues) q.stop();
    this.queues.clear();
    this.projects.clear();
  }

  private dispatch(project: string, p: ProjectReceivers, draft: TransitionDraft): void {
    const now = this.deps.now();
    const n = stampNotification(project, draft, { time: new Date(now).toISOString(), host: this.deps.host });
    for (const r of p.receivers) {
      if (!r.target.on.includes(n.transition) || !meetsSeverity(n.severity, r.target.minSeverity)) continue;
      if (!r.dedup.admit(`${n.service}\u0000${n.transition}`, now)) continue;
      r.queue.enqueue(n, renderRequest(r.target.format, n));
    }
  }

  private receiver(project: string, target: NotifyTarget): Receiver {
    const label = receiverLabel(target.url);
    const queue = new DeliveryQueue({
      target: label,
      resolveUrl: () => this.deps.resolveUrl(target.url),
      timeoutMs: target.timeoutMs,
      post: this.deps.post,
      delay: this.deps.delay,
      report: (r) => this.deps.emit(attemptEvent(project, target, r, this.deps.now())),
      ...(this.deps.attempts !== undefined ? { attempts: this.deps.attempts } : {}),
      ...(this.deps.backoffMs !== undefined ? { backoffMs: this.deps.backoffMs } : {}),
      ...(this.deps.maxQueue !== undefined ? { maxQueue: this.deps.maxQueue } : {}),
    });
    this.queues.add(queue);
    return { target, dedup: new Deduper(target.dedupWindowMs), queue };
  }
}

function attemptEvent(project: string, target: NotifyTarget, r: AttemptReport, now: number): HwEvent {
  const n: Notification = r.notification;
  const what = `${n.service} ${n.transition}`;
  const tries = `attempt ${r.attempt}/${r.attempts}`;
  const message =
    r.outcome === "sent"
      ? `notified ${r.target} of ${what} (${tries}, HTTP ${r.status})`
      : r.outcome === "failed"
        ? `notifying ${r.target} of ${what} failed (${tries}: ${r.code})${r.retryInMs !== undefined ? `; retry in ${r.retryInMs} ms` : ""}`
        : `notification of ${what} to ${r.target} dropped (${r.code})`;
  return {
    type: r.outcome === "sent" ? "notify_sent" : r.outcome === "failed" ? "notify_failed" : "notify_dropped",
    severity: r.outcome === "sent" ? "info" : "warning",
    project,
    service: n.service,
    message,
    timestamp: new Date(now).toISOString(),
    correlationId: "notify",
    data: {
      target: r.target,
      format: target.format,
      transition: n.transition,
      severity: n.severity,
      reason: n.reason,
      notifiedAt: n.time,
      attempt: r.attempt,
      attempts: r.attempts,
      ...(r.status !== undefined ? { status: r.status } : {}),
      ...(r.code !== undefined ? { code: r.code } : {}),
      ...(r.retryInMs !== undefined ? { retryInMs: r.retryInMs } : {}),
    },
  };
}
