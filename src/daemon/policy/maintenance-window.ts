import { Cron } from "croner";
import { errorMessage, HwError, type MaintenanceWindow } from "../../core/index.js";
import { PolicyErrorCode } from "./policy-error-codes.js";

/**
 * Maintenance windows gate destructive repairs (recreate, remove). A window opens at each cron
 * match (in its timezone) and stays open for `durationMs`. No windows declared means destructive
 * repairs are always allowed — the guardrail is opt-in.
 */
export function isInsideWindow(windows: readonly MaintenanceWindow[], now: Date): boolean {
  if (windows.length === 0) return true;
  return windows.some((w) => {
    const start = lastStart(w, now);
    return (
      start !== undefined &&
      start.getTime() <= now.getTime() &&
      now.getTime() < start.getTime() + w.durationMs
    );
  });
}

/** The earliest window opening strictly after `now`; undefined when none is scheduled or declared. */
export function nextWindowStart(windows: readonly MaintenanceWindow[], now: Date): Date | undefined {
  let earliest: Date | undefined;
  for (const w of windows) {
    const next = scheduleOf(w).nextRun(now) ?? undefined;
    if (next && (earliest === undefined || next < earliest)) earliest = next;
  }
  return earliest;
}

/** Throws HwError when a window's cron or timezone is unusable (call it to validate up front). */
export function assertValidWindows(windows: readonly MaintenanceWindow[]): void {
  for (const w of windows) scheduleOf(w).nextRun(new Date(0));
}

function lastStart(w: MaintenanceWindow, now: Date): Date | undefined {
  // croner's previousRuns excludes a run at exactly the reference instant; a window that opens at
  // `now` is open, so look from one millisecond later.
  return scheduleOf(w).previousRuns(1, new Date(now.getTime() + 1))[0];
}

function scheduleOf(w: MaintenanceWindow): Cron {
  try {
    const cron = new Cron(w.cron, { timezone: w.timezone, paused: true });
    // croner checks the timezone lazily, so make it fail here with the window named.
    cron.nextRun(new Date(0));
    return cron;
  } catch (err) {
    throw new HwError(
      PolicyErrorCode.invalidMaintenanceWindow,
      `maintenance window "${w.cron}" (${w.timezone}) is invalid: ${errorMessage(err)}`,
      { hint: "use a 5-field cron expression and an IANA timezone such as UTC or Europe/Berlin" },
    );
  }
}
