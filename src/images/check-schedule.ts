/**
 * When a service's images are looked at next: every `interval` after the last check, or at the
 * `schedule`'s next time (UTC) when one is set. Pure: the clock is the caller's.
 */
import { Cron } from "croner";
import type { AutoUpdateSpec } from "../core/index.js";

/** Epoch ms of the next check; `lastCheckAt` undefined = never checked (interval: now). */
export function nextCheckAt(spec: AutoUpdateSpec, lastCheckAt: number | undefined, now: number): number {
  if (spec.schedule !== undefined) {
    const cron = new Cron(spec.schedule, { paused: true, timezone: "UTC" });
    const next = cron.nextRun(new Date(lastCheckAt ?? now));
    cron.stop();
    return next ? next.getTime() : Number.POSITIVE_INFINITY;
  }
  return lastCheckAt === undefined ? now : lastCheckAt + spec.intervalMs;
}
