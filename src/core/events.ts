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
