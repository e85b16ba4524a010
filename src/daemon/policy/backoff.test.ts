import { describe, expect, it } from "vitest";
import { HwError } from "../../core/index.js";
import { RestartBackoff } from "./backoff.js";

const spec = { initialMs: 1000, maxMs: 60_000 };
/** rand() = 0.5 means "no jitter" (factor exactly 1). */
const noJitter = () => 0.5;

function delaysAfterRestarts(backoff: RestartBackoff, count: number, start = 0): number[] {
  const delays: number[] = [];
  let now = start;
  for (let i = 0; i < count; i++) {
    const delay = backoff.nextDelayMs(now);
    delays.push(delay);
    now += delay;
    backoff.recordRestart(now);
  }
  return delays;
}

describe("RestartBackoff", () => {
  it("doubles from initial and caps at max", () => {
    const backoff = new RestartBackoff(spec, noJitter);
    expect(delaysAfterRestarts(backoff, 9)).toEqual([
      0, 1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000,
    ]);
    expect(backoff.restartCount).toBe(9);
  });

  it("applies ±25% jitter but never exceeds max", () => {
    const low = new RestartBackoff(spec, () => 0);
    low.recordRestart(0);
    expect(low.nextDelayMs(0)).toBe(750);
    const high = new RestartBackoff(spec, () => 0.999_999);
    high.recordRestart(0);
    expect(high.nextDelayMs(0)).toBe(1250);
    const atCap = new RestartBackoff({ initialMs: 1000, maxMs: 4000 }, () => 0.999_999);
    expect(delaysAfterRestarts(atCap, 5)).toEqual([0, 1250, 2500, 4000, 4000]);
  });

  it("keeps the same jitter for repeated questions about the same restart", () => {
    let n = 0;
    const sequence = [0, 1, 0.5, 0.25];
    const backoff = new RestartBackoff(spec, () => sequence[n++ % sequence.length] ?? 0.5);
    backoff.recordRestart(0);
    const first = backoff.nextDelayMs(0);
    expect(backoff.nextDelayMs(10)).toBe(first);
    backoff.recordRestart(100);
    expect(backoff.nextDelayMs(200)).not.toBe(first * 2);
  });

  it("describes the next restart", () => {
    const backoff = new RestartBackoff(spec, noJitter);
    delaysAfterRestarts(backoff, 3);
    expect(backoff.describe(7000)).toBe("back-off 4s (restart 4)");
    const short = new RestartBackoff({ initialMs: 250, maxMs: 1000 }, noJitter);
    short.recordRestart(0);
    expect(short.describe(0)).toBe("back-off 250ms (restart 2)");
  });

  it("resets the delay after a stable run of 2×max, keeping the restart count", () => {
    const backoff = new RestartBackoff(spec, noJitter);
    delaysAfterRestarts(backoff, 5); // last restart at 0+1+2+4+8 = 15 s
    expect(backoff.streak(20_000)).toBe(5);
    expect(backoff.recordStableRun(15_000, 15_000 + 119_999)).toBe(false);
    expect(backoff.nextDelayMs(20_000)).toBe(16_000);
    expect(backoff.recordStableRun(15_000, 15_000 + 120_000)).toBe(true);
    expect(backoff.nextDelayMs(20_000)).toBe(0);
    expect(backoff.streak(20_000)).toBe(0);
    expect(backoff.restartCount).toBe(5);
    expect(backoff.recentRestarts).toEqual([]);
  });

  it("treats a restart that stayed up past 2×max as stable even when the run was not observed", () => {
    const backoff = new RestartBackoff(spec, noJitter);
    delaysAfterRestarts(backoff, 4); // last restart at 0+1000+2000+4000 = 7 000
    expect(backoff.nextDelayMs(7_000 + 119_999)).toBe(8_000);
    expect(backoff.nextDelayMs(7_000 + 120_000)).toBe(0);
    backoff.recordRestart(7_000 + 120_000);
    expect(backoff.nextDelayMs(7_000 + 120_001)).toBe(1000);
    expect(backoff.recentRestarts).toEqual([127_000]);
  });

  it("survives a JSON round trip", () => {
    const backoff = new RestartBackoff(spec, () => 0.2);
    delaysAfterRestarts(backoff, 3);
    const restored = RestartBackoff.fromJSON(spec, JSON.parse(JSON.stringify(backoff)), () => 0.9);
    expect(restored.toJSON()).toEqual(backoff.toJSON());
    expect(restored.nextDelayMs(10_000)).toBe(backoff.nextDelayMs(10_000));
    expect(restored.describe(10_000)).toBe(backoff.describe(10_000));
  });

  it("starts fresh from a snapshot it cannot read", () => {
    for (const bad of [null, "x", { version: 2 }, { ...new RestartBackoff(spec).toJSON(), jitter: 7 }]) {
      const restored = RestartBackoff.fromJSON(spec, bad, noJitter);
      expect(restored.restartCount).toBe(0);
      expect(restored.nextDelayMs(0)).toBe(0);
    }
  });

  it("rejects an unusable spec with a stable code", () => {
    expect(() => new RestartBackoff({ initialMs: 0, maxMs: 10 })).toThrow(HwError);
    try {
      new RestartBackoff({ initialMs: 5000, maxMs: 1000 });
      expect.unreachable();
    } catch (err) {
      expect((err as HwError).code).toBe("HW-DAEMON-001");
      expect((err as HwError).hint).toContain("restart.backoff");
    }
  });
});
