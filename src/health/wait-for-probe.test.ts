import { describe, expect, it } from "vitest";
import type { ExecResult, ProbeSpec, RuntimeAdapter } from "../core/index.js";
import { type ProbeTarget, waitForProbe } from "./index.js";

const target: ProbeTarget = { containerId: "c1", ports: [] };

function scripted(exitCodes: number[]): Pick<RuntimeAdapter, "exec"> & { calls: number } {
  const runtime = {
    calls: 0,
    exec: (): Promise<ExecResult> => {
      const exitCode = exitCodes[runtime.calls] ?? exitCodes.at(-1) ?? 1;
      runtime.calls++;
      return Promise.resolve({ exitCode, output: `attempt ${runtime.calls}`, timedOut: false });
    },
  };
  return runtime;
}

function probe(over: Partial<ProbeSpec> = {}): ProbeSpec {
  return {
    action: { kind: "exec", command: ["true"] },
    intervalMs: 1,
    timeoutMs: 1000,
    failureThreshold: 1,
    successThreshold: 1,
    initialDelayMs: 0,
    ...over,
  };
}

describe("waitForProbe", () => {
  it("returns ok after successThreshold consecutive passes, restarting the count on a failure", async () => {
    const runtime = scripted([0, 1, 0, 1, 0, 0]);
    const result = await waitForProbe(runtime, target, probe({ successThreshold: 2 }), {
      deadlineMs: 10_000,
    });
    expect(result.ok).toBe(true);
    expect(result.attempts).toBe(6);
    expect(result.last?.output).toBe("attempt 6");
  });

  it("keeps polling through failures (failureThreshold does not end the wait) until the deadline", async () => {
    const runtime = scripted([1]);
    const result = await waitForProbe(runtime, target, probe({ failureThreshold: 1 }), {
      deadlineMs: 100,
      pollMs: 5,
    });
    expect(result.ok).toBe(false);
    expect(result.attempts).toBeGreaterThan(1);
    expect(result.last).toMatchObject({ ok: false, error: "exited with code 1" });
  });

  it("stops when the signal aborts", async () => {
    const runtime = scripted([1]);
    const controller = new AbortController();
    const waiting = waitForProbe(runtime, target, probe({ intervalMs: 60_000 }), {
      deadlineMs: 60_000,
      signal: controller.signal,
    });
    controller.abort();
    const result = await waiting;
    expect(result.ok).toBe(false);
    expect(result.attempts).toBe(1);
  });

  it("does not probe before initialDelay, and gives up when the delay outlasts the deadline", async () => {
    const runtime = scripted([0]);
    const result = await waitForProbe(runtime, target, probe({ initialDelayMs: 60_000 }), { deadlineMs: 50 });
    expect(result).toEqual({ ok: false, attempts: 0 });
    expect(runtime.calls).toBe(0);
  });
});
