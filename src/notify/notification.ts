/**
 * The notification every format is rendered from, and the JSON format's payload as is (a stable,
 * documented schema: docs/daemon.md "Notifications"). Built only from the fields below, never
 * from an event's data or an environment, so no secret value can reach a receiver.
 */
import type { NotifySeverity, NotifyTransition } from "../core/index.js";

export const NOTIFICATION_SCHEMA = "hostwright.notification/v1";

export interface Notification {
  schema: typeof NOTIFICATION_SCHEMA;
  project: string;
  service: string;
  transition: NotifyTransition;
  severity: NotifySeverity;
  /** A stable machine code (see REASONS); receivers key on this, never on `message`. */
  reason: NotifyReason;
  /** One line for people. */
  message: string;
  /** ISO 8601, when the daemon saw the transition. */
  time: string;
  /** The daemon's host name. */
  host: string;
  /** Summary states for a state change (nominal, degraded, unstable). */
  from?: string;
  to?: string;
}

export const REASONS = [
  "state-degraded",
  "state-unstable",
  "state-nominal",
  "version-changed",
  "rolled-back",
  "crash-loop",
  "repair-blocked",
  "failed-over",
  "failed-back",
] as const;
export type NotifyReason = (typeof REASONS)[number];

/** A transition before it is stamped with project, time and host. */
export interface TransitionDraft {
  service: string;
  transition: NotifyTransition;
  reason: NotifyReason;
  message: string;
  from?: string;
  to?: string;
}

const SEVERITY_OF: Record<NotifyTransition, NotifySeverity> = {
  unstable: "critical",
  blocked: "critical",
  degraded: "warning",
  rollback: "warning",
  recovered: "info",
  update: "info",
  failover: "warning",
  failback: "info",
};
const RANK: Record<NotifySeverity, number> = { info: 0, warning: 1, critical: 2 };

export function severityOf(transition: NotifyTransition): NotifySeverity {
  return SEVERITY_OF[transition];
}

export function meetsSeverity(severity: NotifySeverity, min: NotifySeverity): boolean {
  return RANK[severity] >= RANK[min];
}

export function stampNotification(
  project: string,
  draft: TransitionDraft,
  at: { time: string; host: string },
): Notification {
  return {
    schema: NOTIFICATION_SCHEMA,
    project,
    service: draft.service,
    transition: draft.transition,
    severity: severityOf(draft.transition),
    reason: draft.reason,
    message: draft.message,
    time: at.time,
    host: at.host,
    ...(draft.from !== undefined ? { from: draft.from } : {}),
    ...(draft.to !== undefined ? { to: draft.to } : {}),
  };
}
