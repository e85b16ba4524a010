import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PassScheduler, type StepResult } from "./pass-scheduler.js";

/** A step whose runs finish only when the test says so. */
function controlledStep() {
  const pending: ((r: StepResult) => void)[] = [];
  let runs = 0;
  let active = 0;
  let maxActive = 0;
  const step = () => {
    runs++;
    active++;
    maxActive = Math.max(maxActive, active);
    return new Promise<StepResult>((resolve) =>
      pending.push((r) => {
        active--;
        resolve(r);
      }),
    );
  };
  return {
    step,
    runs: () => runs,
    maxActive: () => maxActive,
    /** Finishes the oldest running step with `r`, then lets its continuation run. */
    async finish(r: StepResult = {}) {
      const next = pending.shift();
      if (!next) throw new Error("no step is running");
      next(r);
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

describe("PassScheduler", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs a pass after the trigger's delay, and coalesces a burst of triggers into one", async () => {
    const s = controlledStep();
    const sched = new PassScheduler({ step: s.step });
    sched.trigger("a", 50);
    await vi.advanceTimersByTimeAsync(30);
    sched.trigger("b", 50);
    sched.trigger("c", 50);
    await vi.advanceTimersByTimeAsync(49);
    expect(s.runs()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.runs()).toBe(1);
    await s.finish();
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.runs()).toBe(1);
  });

  it("never overlaps passes: triggers during a pass make it run exactly once more", async () => {
    const s = controlledStep();
    const sched = new PassScheduler({ step: s.step });
    sched.trigger("first", 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.runs()).toBe(1);
    sched.trigger("during", 0);
    await vi.advanceTimersByTimeAsync(0);
    sched.trigger("during again", 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.runs()).toBe(1);
    await s.finish();
    expect(s.runs()).toBe(2);
    await s.finish();
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.runs()).toBe(2);
    expect(s.maxActive()).toBe(1);
  });

  it("requeues after the step's requeueAfterMs (at least 10 ms), the latest pass's value winning", async () => {
    const s = controlledStep();
    const requested: string[] = [];
    const sched = new PassScheduler({ step: s.step, requested: (r) => requested.push(r) });
    sched.trigger("start", 0);
    await vi.advanceTimersByTimeAsync(0);
    await s.finish({ requeueAfterMs: 500 });
    await vi.advanceTimersByTimeAsync(499);
    expect(requested).toEqual(["start"]);
    // At 500 ms the resync timer asks for a pass, which its own zero delay starts a tick later.
    await vi.advanceTimersByTimeAsync(1);
    expect(requested).toEqual(["start", "resync"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.runs()).toBe(2);
    await s.finish({ requeueAfterMs: 0 });
    await vi.advanceTimersByTimeAsync(9);
    expect(requested).toEqual(["start", "resync"]);
    await vi.advanceTimersByTimeAsync(2);
    expect(s.runs()).toBe(3);
  });

  it("after stop, starts no pass and resolves once the running pass has finished", async () => {
    const s = controlledStep();
    const sched = new PassScheduler({ step: s.step });
    sched.trigger("start", 0);
    await vi.advanceTimersByTimeAsync(0);
    sched.trigger("during", 0);
    await vi.advanceTimersByTimeAsync(0);
    let stopped = false;
    const stopping = sched.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    await s.finish({ requeueAfterMs: 10 });
    await stopping;
    expect(stopped).toBe(true);
    sched.trigger("late", 0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.runs()).toBe(1);
  });
});
