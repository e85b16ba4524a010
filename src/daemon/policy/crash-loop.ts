import { formatDuration } from "../../core/index.js";
import type { RestartBackoff } from "./backoff.js";

/** Three restarts without a stable run in between is a loop, not bad luck (CrashLoopBackOff). */
export const DEFAULT_CRASH_LOOP_THRESHOLD = 3;

export interface CrashLoopInput {
  /** Restart times (epoch ms) since the last stable run. */
  restartTimes: readonly number[];
  /** The back-off's stable-run window (2×max): restarts older than this no longer count. */
  windowMs: number;
  now: number;
  threshold?: number;
}

export type CrashLoopVerdict =
  | { crashLooping: false; restartsInWindow: number }
  | { crashLooping: true; restartsInWindow: number; reason: string };

/** Pure: the instance is `unstable` when it restarted `threshold` times inside the window. */
export function detectCrashLoop(input: CrashLoopInput): CrashLoopVerdict {
  const threshold = input.threshold ?? DEFAULT_CRASH_LOOP_THRESHOLD;
  const restartsInWindow = input.restartTimes.filter(
    (t) => t <= input.now && input.now - t < input.windowMs,
  ).length;
  if (restartsInWindow < threshold) return { crashLooping: false, restartsInWindow };
  return {
    crashLooping: true,
    restartsInWindow,
    reason:
      `restarted ${restartsInWindow} times in the last ${formatDuration(input.windowMs)} without a ` +
      `stable run (threshold ${threshold}); instance is unstable`,
  };
}

/** The same question asked of an instance's back-off, which already keeps its restart times. */
export function crashLoopOf(
  backoff: RestartBackoff,
  now: number,
  threshold = DEFAULT_CRASH_LOOP_THRESHOLD,
): CrashLoopVerdict {
  return detectCrashLoop({
    restartTimes: backoff.recentRestarts,
    windowMs: backoff.stableRunMs,
    now,
    threshold,
  });
}
