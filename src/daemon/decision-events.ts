/**
 * Which events a pass's repair decisions produce. Each decision is reported once per distinct
 * value (a drift, a crash loop, a verdict), so a pass every few seconds does not repeat itself,
 * and a drift that goes away is forgotten so a recurrence is reported again. Pure: no I/O, no
 * clock; the supervisor records what this returns.
 */
import type { HwEvent } from "../core/index.js";
import type { InstanceDecision } from "./daemon-status.js";
import type { RepairDecision } from "./repair-decisions.js";

/** An event before the supervisor stamps it; undefined optional fields are left out. */
export interface EventDraft {
  type: HwEvent["type"];
  severity: HwEvent["severity"];
  message: string;
  service?: string | undefined;
  instance?: string | undefined;
  data?: Record<string, unknown> | undefined;
  runtimeRef?: string | undefined;
}

/** The daemon's event for a draft: stamped with project, time and the daemon's correlation id. */
export function daemonEvent(project: string, d: EventDraft, timestamp: string): HwEvent {
  return {
    type: d.type,
    severity: d.severity,
    project,
    ...(d.service ? { service: d.service } : {}),
    ...(d.instance ? { instance: d.instance } : {}),
    message: d.message,
    ...(d.runtimeRef ? { runtimeRef: d.runtimeRef } : {}),
    timestamp,
    correlationId: "daemon",
    ...(d.data ? { data: d.data } : {}),
  };
}

export interface DecisionOutcome {
  events: EventDraft[];
  /** Drift kinds seen this pass (one per item), for the drift counter. */
  driftKinds: string[];
  /** Actions blocked this pass, for the blocked counter. */
  blocked: string[];
  /** Services whose repair is made now and spends the rate limit. */
  spend: string[];
}

export class DecisionEvents {
  /** The latest decision per instance (or service), for status. */
  readonly decisions = new Map<string, InstanceDecision>();
  private readonly lastEventKey = new Map<string, string>();

  note(items: readonly RepairDecision[]): DecisionOutcome {
    const out: DecisionOutcome = { events: [], driftKinds: [], blocked: [], spend: [] };
    const once = (key: string, value: string, make: () => EventDraft) => {
      if (this.lastEventKey.get(key) === value) return;
      this.lastEventKey.set(key, value);
      out.events.push(make());
    };
    const seen = new Set<string>();
    for (const item of items) {
      const key = item.drift.name ?? item.drift.service;
      const service = item.drift.service;
      seen.add(key);
      this.decisions.set(key, {
        decision: item.decision,
        ...(item.backoffText ? { backoffText: item.backoffText } : {}),
        ...(item.crashLoop ? { crashLoop: item.crashLoop } : {}),
      });
      out.driftKinds.push(item.drift.kind);
      once(`${key}:drift`, `${item.drift.kind}:${item.drift.detail}`, () => ({
        type: "drift_detected",
        severity: "warning",
        service,
        message: `${key}: ${item.drift.kind}: ${item.drift.detail}`,
        instance: key,
      }));
      if (item.crashLoop) {
        once(`${key}:loop`, "loop", () => ({
          type: "reconcile_blocked",
          severity: "error",
          service,
          message: `${key}: crash loop: ${item.crashLoop}`,
          instance: key,
          data: { crashLoop: true },
        }));
      }
      if (item.backoffText) {
        // One report per wait: the due time is fixed for a restart step (jitter is sampled once).
        once(`${key}:decision`, `backoff:${item.backoffUntil}`, () => ({
          type: "info",
          severity: "info",
          service,
          message: `${key}: not restarting yet: ${item.backoffText}`,
          instance: key,
        }));
      } else if (item.decision.eventType) {
        const d = item.decision;
        if (d.verdict === "blocked") out.blocked.push(d.action);
        once(`${key}:decision`, `${d.verdict}:${d.action}`, () => ({
          type: d.eventType!,
          severity: d.verdict === "blocked" ? "warning" : "info",
          service,
          message: d.reason,
          instance: key,
          data: { action: d.action, verdict: d.verdict },
        }));
      }
      if (item.decision.verdict === "act" && !item.backoffText && item.decision.consumesRateLimit)
        out.spend.push(service);
    }
    // Drift that went away: forget its dedupe keys and decisions so a recurrence is reported again.
    for (const key of [...this.decisions.keys()]) if (!seen.has(key)) this.decisions.delete(key);
    for (const key of [...this.lastEventKey.keys()])
      if (!seen.has(key.slice(0, key.lastIndexOf(":")))) this.lastEventKey.delete(key);
    return out;
  }
}
