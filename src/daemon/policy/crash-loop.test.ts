import { describe, expect, it } from "vitest";
import { RestartBackoff } from "./backoff.js";
import { crashLoopOf, detectCrashLoop } from "./crash-loop.js";

describe("detectCrashLoop", () => {
  it("flags three restarts inside the window", () => {
    const verdict = detectCrashLoop({ restartTimes: [1000, 2000, 3000], windowMs: 120_000, now: 4000 });
    expect(verdict).toEqual({
      crashLooping: true,
      restartsInWindow: 3,
      reason: "restarted 3 times in the last 2m without a stable run (threshold 3); instance is unstable",
    });
  });

  it("does not flag two restarts, or restarts that slid out of the window", () => {
    expect(detectCrashLoop({ restartTimes: [1000, 2000], windowMs: 120_000, now: 4000 }).crashLooping).toBe(
      false,
    );
    const old = detectCrashLoop({ restartTimes: [0, 1000, 130_000], windowMs: 120_000, now: 130_500 });
    expect(old).toEqual({ crashLooping: false, restartsInWindow: 1 });
  });

  it("honours a custom threshold", () => {
    expect(
      detectCrashLoop({ restartTimes: [1, 2, 3], windowMs: 100, now: 4, threshold: 4 }).crashLooping,
    ).toBe(false);
    expect(detectCrashLoop({ restartTimes: [1], windowMs: 100, now: 4, threshold: 1 }).crashLooping).toBe(
      true,
    );
  });
});

describe("crashLoopOf", () => {
  it("reads the back-off's restarts and clears after a stable run", () => {
    const backoff = new RestartBackoff({ initialMs: 1000, maxMs: 10_000 }, () => 0.5);
    for (const t of [1000, 3000, 7000]) backoff.recordRestart(t);
    expect(crashLoopOf(backoff, 8000).crashLooping).toBe(true);
    expect(backoff.recordStableRun(7000, 27_000)).toBe(true);
    expect(crashLoopOf(backoff, 27_000)).toEqual({ crashLooping: false, restartsInWindow: 0 });
  });
});
