/**
 * Polls one probe until it passes successThreshold times in a row, or the deadline passes or
 * the signal aborts. Used by `apply` to wait for readiness; the daemon uses HealthTracker.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { ProbeSpec, RuntimeAdapter } from "../core/index.js";
import type { ProbeResult, ProbeTarget } from "./probe-types.js";
import { runProbe } from "./run-probe.js";

export interface WaitForProbeOptions {
  /** Time budget in milliseconds from the call (not an epoch time). */
  deadlineMs: number;
  signal?: AbortSignal;
  preferHostPort?: boolean;
  /** Pause between attempts; the probe's intervalMs unless told. */
  pollMs?: number;
}

export interface WaitForProbeResult {
  ok: boolean;
  attempts: number;
  last?: ProbeResult;
}

export async function waitForProbe(
  runtime: Pick<RuntimeAdapter, "exec">,
  target: ProbeTarget,
  probe: ProbeSpec,
  opts: WaitForProbeOptions,
): Promise<WaitForProbeResult> {
  const deadline = Date.now() + opts.deadlineMs;
  const needed = Math.max(1, probe.successThreshold);
  let attempts = 0;
  let passes = 0;
  let last: ProbeResult | undefined;
  // Probing before initialDelay would only produce failures that do not count.
  let pause = probe.initialDelayMs;
  for (;;) {
    if (pause > 0 && !(await pauseUntilDeadline(pause, deadline, opts.signal))) break;
    const remaining = deadline - Date.now();
    if (remaining <= 0 || opts.signal?.aborted) break;
    attempts++;
    last = await runProbe(runtime, target, probe.action, {
      timeoutMs: Math.min(probe.timeoutMs, remaining),
      ...(opts.preferHostPort === undefined ? {} : { preferHostPort: opts.preferHostPort }),
    });
    passes = last.ok ? passes + 1 : 0;
    if (passes >= needed) return { ok: true, attempts, last };
    pause = opts.pollMs ?? probe.intervalMs;
  }
  return { ok: false, attempts, ...(last === undefined ? {} : { last }) };
}

/** false when the deadline or an abort comes first. */
async function pauseUntilDeadline(
  ms: number,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const wait = Math.min(ms, deadline - Date.now());
  if (wait <= 0) return false;
  try {
    await sleep(wait, undefined, signal === undefined ? undefined : { signal });
  } catch {
    return false; // aborted
  }
  return ms <= wait;
}
