import { describe, expect, it } from "vitest";
import type { ProbeSpec } from "../core/index.js";
import { HealthTracker, type ProbeResult } from "./index.js";

function spec(over: Partial<ProbeSpec> = {}): ProbeSpec {
  return {
    action: { kind: "tcp", port: 80 },
    intervalMs: 10,
    timeoutMs: 5,
    failureThreshold: 3,
    successThreshold: 1,
    initialDelayMs: 0,
    ...over,
  };
}
const pass: ProbeResult = { ok: true, output: "ok", durationMs: 1, at: "2030-01-01T00:00:00Z" };
const fail: ProbeResult = {
  ok: false,
  output: "nope",
  durationMs: 1,
  at: "2030-01-01T00:00:00Z",
  error: "refused",
};

describe("HealthTracker", () => {
  it("with no probes is healthy and ready at once", () => {
    const t = new HealthTracker({}, 0);
    expect(t.state()).toBe("healthy");
    expect(t.ready()).toBe(true);
    expect(t.due(0)).toEqual([]);
    expect(t.nextDueAt()).toBeUndefined();
  });

  it("readiness starts unknown (starting) and needs successThreshold consecutive passes", () => {
    const t = new HealthTracker({ readiness: spec({ successThreshold: 2 }) }, 0);
    expect(t.state()).toBe("starting");
    expect(t.record("readiness", pass, 1)).toBeUndefined();
    expect(t.record("readiness", fail, 2)).toBeUndefined();
    expect(t.record("readiness", pass, 3)).toBeUndefined();
    expect(t.ready()).toBe(false);
    expect(t.record("readiness", pass, 4)).toEqual({ from: "starting", to: "healthy" });
    expect(t.ready()).toBe(true);
  });

  it("flips to unhealthy only after failureThreshold consecutive failures, and back after successes", () => {
    const t = new HealthTracker({ readiness: spec({ failureThreshold: 3, successThreshold: 2 }) }, 0);
    t.record("readiness", pass, 1);
    t.record("readiness", pass, 2);
    expect(t.state()).toBe("healthy");
    expect(t.record("readiness", fail, 3)).toBeUndefined();
    expect(t.record("readiness", fail, 4)).toBeUndefined();
    expect(t.record("readiness", pass, 5)).toBeUndefined(); // breaks the streak
    t.record("readiness", fail, 6);
    t.record("readiness", fail, 7);
    expect(t.state()).toBe("healthy");
    expect(t.ready()).toBe(true);
    expect(t.record("readiness", fail, 8)).toEqual({ from: "healthy", to: "unhealthy" });
    expect(t.ready()).toBe(false);
    // One success is not enough to recover: the state holds until successThreshold is met.
    expect(t.record("readiness", pass, 9)).toBeUndefined();
    expect(t.state()).toBe("unhealthy");
    expect(t.record("readiness", pass, 10)).toEqual({ from: "unhealthy", to: "healthy" });
  });

  it("does not count failures during initialDelay, but does count successes", () => {
    const t = new HealthTracker({ liveness: spec({ failureThreshold: 2, initialDelayMs: 100 }) }, 1000);
    t.record("liveness", fail, 1010);
    t.record("liveness", fail, 1050);
    t.record("liveness", fail, 1099);
    expect(t.livenessFailed()).toBe(false);
    expect(t.lastResults("liveness")).toHaveLength(3);
    t.record("liveness", fail, 1100);
    expect(t.livenessFailed()).toBe(false);
    expect(t.record("liveness", fail, 1110)).toEqual({ from: "healthy", to: "unhealthy" });
    expect(t.livenessFailed()).toBe(true);
    expect(t.restartNeeded()).toBe(true);

    const r = new HealthTracker({ readiness: spec({ initialDelayMs: 100 }) }, 0);
    expect(r.record("readiness", pass, 50)).toEqual({ from: "starting", to: "healthy" });
  });

  it("liveness starts passing; without readiness the instance is healthy and ready until liveness fails", () => {
    const t = new HealthTracker({ liveness: spec({ failureThreshold: 1 }) }, 0);
    expect(t.state()).toBe("healthy");
    expect(t.ready()).toBe(true);
    expect(t.record("liveness", fail, 1)).toEqual({ from: "healthy", to: "unhealthy" });
    expect(t.ready()).toBe(false);
  });

  it("liveness failure makes a ready instance unhealthy and not ready", () => {
    const t = new HealthTracker({ readiness: spec(), liveness: spec({ failureThreshold: 2 }) }, 0);
    t.record("readiness", pass, 1);
    expect(t.ready()).toBe(true);
    t.record("liveness", fail, 2);
    expect(t.record("liveness", fail, 3)).toEqual({ from: "healthy", to: "unhealthy" });
    expect(t.ready()).toBe(false);
    expect(t.livenessFailed()).toBe(true);
  });

  it("startup gates readiness and liveness: they are not due and their results are ignored", () => {
    const t = new HealthTracker(
      { startup: spec({ successThreshold: 1 }), readiness: spec(), liveness: spec({ failureThreshold: 1 }) },
      0,
    );
    expect(t.state()).toBe("starting");
    expect(t.due(0)).toEqual(["startup"]);
    expect(t.record("liveness", fail, 1)).toBeUndefined();
    expect(t.record("readiness", pass, 1)).toBeUndefined();
    expect(t.livenessFailed()).toBe(false);
    expect(t.ready()).toBe(false);
    expect(t.lastResults("readiness")).toEqual([]);

    expect(t.record("startup", pass, 5)).toBeUndefined(); // started, readiness still unknown
    expect(t.state()).toBe("starting");
    expect(t.due(5)).toEqual(["readiness", "liveness"]);
    // Startup is not run again once it passed.
    expect(t.record("startup", fail, 6)).toBeUndefined();
    expect(t.lastResults("startup")).toHaveLength(1);
    expect(t.record("readiness", pass, 6)).toEqual({ from: "starting", to: "healthy" });
    expect(t.ready()).toBe(true);
  });

  it("startup failing failureThreshold times makes the instance unhealthy and needing a restart", () => {
    const t = new HealthTracker({ startup: spec({ failureThreshold: 2 }), liveness: spec() }, 0);
    t.record("startup", fail, 1);
    expect(t.startupFailed()).toBe(false);
    expect(t.record("startup", fail, 2)).toEqual({ from: "starting", to: "unhealthy" });
    expect(t.startupFailed()).toBe(true);
    expect(t.restartNeeded()).toBe(true);
    expect(t.livenessFailed()).toBe(false);
  });

  it("due() honours initialDelay and intervals; nextDueAt says when", () => {
    const t = new HealthTracker(
      { readiness: spec({ intervalMs: 10, initialDelayMs: 100 }), liveness: spec({ intervalMs: 30 }) },
      1000,
    );
    expect(t.due(1000)).toEqual(["liveness"]);
    expect(t.due(1100)).toEqual(["readiness", "liveness"]);
    t.record("liveness", pass, 1000);
    expect(t.nextDueAt()).toBe(1030);
    expect(t.due(1029)).toEqual([]);
    expect(t.due(1030)).toEqual(["liveness"]);
    t.record("readiness", pass, 1100);
    t.record("liveness", pass, 1100);
    expect(t.due(1109)).toEqual([]);
    expect(t.due(1110)).toEqual(["readiness"]);
    expect(t.nextDueAt()).toBe(1110);
  });

  it("keeps the last five results with output capped at 4 KiB", () => {
    const t = new HealthTracker({ liveness: spec() }, 0);
    for (let i = 1; i <= 7; i++) t.record("liveness", { ...pass, output: `run ${i}` }, i);
    expect(t.lastResults("liveness").map((r) => r.output)).toEqual([
      "run 3",
      "run 4",
      "run 5",
      "run 6",
      "run 7",
    ]);
    t.record("liveness", { ...pass, output: "x".repeat(10_000) }, 8);
    expect(t.lastResults("liveness").at(-1)?.output).toHaveLength(4096);
  });

  it("refuses results for a probe that is not configured", () => {
    expect(() => new HealthTracker({}, 0).record("liveness", pass, 0)).toThrow(/no liveness probe/);
  });
});
