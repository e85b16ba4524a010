/** Structured events (the reconciliation seed's Event, plus the daemon's recommendation kinds). */
export type EventType =
  | "planned"
  | "applied"
  | "failed"
  | "health_changed"
  | "drift_detected"
  | "restarted"
  | "cleaned"
  | "recovered"
  | "lock_taken_over"
  | "rolled_back"
  | "reconcile_required"
  | "reconcile_recommended"
  | "reconcile_blocked"
  | "paused"
  | "resumed"
  // One per notification delivery attempt (src/notify); never the receiver's URL path or query.
  | "notify_sent"
  | "notify_failed"
  | "notify_dropped"
  // Image auto-update steps (the daemon's update hook, src/images); data carries service, policy, digests.
  | "update_available"
  | "update_started"
  | "update_succeeded"
  | "update_rolled_back"
  | "update_skipped_failed_digest"
  | "info";

export type Severity = "info" | "warning" | "error";

export interface HwEvent {
  type: EventType;
  severity: Severity;
  project: string;
  service?: string;
  instance?: string;
  message: string;
  runtimeRef?: string;
  timestamp: string;
  correlationId: string;
  /** Extra structured detail (never secrets). */
  data?: Record<string, unknown>;
}

export type EventSink = (event: HwEvent) => void;
