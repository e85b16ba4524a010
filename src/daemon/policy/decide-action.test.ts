import { describe, expect, it } from "vitest";
import { type ActionInput, decideAction, type GuardedDriftKind } from "./decide-action.js";
import type { RestartDecision } from "./restart-decision.js";

const rateOk = { allowed: true } as const;
const rateExceeded = {
  allowed: false,
  retryAtMs: 600_000,
  reason: "rate limit reached for service api: 5 actions per 10m; next repair allowed in 5m",
} as const;

function input(kind: GuardedDriftKind, overrides: Partial<ActionInput> = {}): ActionInput {
  return {
    mode: "heal",
    drift: { kind, service: "api", instance: "demo/api/1", detail: `container ${kind}` },
    destructive: false,
    paused: false,
    rate: rateOk,
    insideWindow: true,
    ...overrides,
  };
}

const crashed: RestartDecision = {
  restart: true,
  outcome: "restart",
  reason: "exited with code 1; policy on-failure, retry 3 of 5",
};

describe("decideAction", () => {
  it("blocks everything while paused", () => {
    expect(decideAction(input("missing", { paused: true }))).toEqual({
      verdict: "blocked",
      eventType: "reconcile_blocked",
      action: "none",
      reason: "demo/api/1: container missing; not acting: paused by operator",
      consumesRateLimit: false,
    });
    expect(decideAction(input("stopped", { paused: true, restartDecision: crashed })).verdict).toBe(
      "blocked",
    );
  });

  it("never touches a clash, in either mode", () => {
    for (const mode of ["heal", "recommend"] as const) {
      const d = decideAction(input("clash", { mode }));
      expect(d).toMatchObject({ verdict: "blocked", eventType: "reconcile_blocked", action: "review" });
      expect(d.reason).toContain("never touched");
    }
  });

  it("in recommend mode requires repairs of missing/stopped/unhealthy/modified and recommends tidying", () => {
    const verdicts = (
      ["missing", "stopped", "unhealthy", "modified", "orphan", "extra", "leftover"] as const
    ).map((kind) => {
      const d = decideAction(input(kind, { mode: "recommend" }));
      return `${kind}: ${d.verdict} ${d.eventType} ${d.action}`;
    });
    expect(verdicts).toEqual([
      "missing: required reconcile_required redeploy",
      "stopped: required reconcile_required restart",
      "unhealthy: required reconcile_required restart",
      "modified: required reconcile_required redeploy",
      "orphan: recommended reconcile_recommended remove-orphan",
      "extra: recommended reconcile_recommended remove-orphan",
      "leftover: recommended reconcile_recommended remove-orphan",
    ]);
    // Nothing is done in recommend mode, so guardrails do not enter into it.
    const outside = decideAction(
      input("modified", { mode: "recommend", insideWindow: false, rate: rateExceeded }),
    );
    expect(outside.verdict).toBe("required");
    expect(outside.reason).toBe("demo/api/1: container modified; recommend redeploy (mode recommend)");
  });

  it("in heal mode acts, spending a rate-limit slot", () => {
    expect(decideAction(input("missing"))).toEqual({
      verdict: "act",
      eventType: null,
      action: "redeploy",
      reason: "demo/api/1: container missing; redeploy",
      consumesRateLimit: true,
    });
  });

  it("blocks a repair beyond the rate limit and asks for diagnostics", () => {
    const d = decideAction(input("unhealthy", { rate: rateExceeded }));
    expect(d).toMatchObject({ verdict: "blocked", eventType: "reconcile_blocked", action: "diagnostics" });
    expect(d.reason).toContain("5 actions per 10m");
  });

  it("holds destructive repairs outside maintenance windows", () => {
    const next = new Date("2024-06-08T02:00:00Z");
    const d = decideAction(
      input("missing", { destructive: true, insideWindow: false, nextWindowStart: next }),
    );
    expect(d).toEqual({
      verdict: "blocked",
      eventType: "reconcile_blocked",
      action: "wait-for-window",
      reason:
        "demo/api/1: container missing; redeploy is destructive and waits for a maintenance window " +
        "(next window opens 2024-06-08T02:00:00.000Z)",
      consumesRateLimit: false,
    });
    // A recreate or a removal is destructive even when the caller forgets to say so.
    for (const kind of ["modified", "orphan", "extra", "leftover"] as const) {
      expect(decideAction(input(kind, { insideWindow: false })).action).toBe("wait-for-window");
    }
    expect(decideAction(input("missing", { insideWindow: false })).verdict).toBe("act");
  });

  it("restarts a crashed container under its policy regardless of window and rate limit", () => {
    const d = decideAction(
      input("stopped", {
        restartDecision: crashed,
        destructive: true,
        insideWindow: false,
        rate: rateExceeded,
      }),
    );
    expect(d).toEqual({
      verdict: "act",
      eventType: null,
      action: "restart",
      reason: "demo/api/1: exited with code 1; policy on-failure, retry 3 of 5; restarting",
      consumesRateLimit: false,
    });
  });

  it("follows the restart policy when it says to leave the container alone", () => {
    const leave = (outcome: RestartDecision["outcome"], reason: string) =>
      decideAction(input("stopped", { restartDecision: { restart: false, outcome, reason } }));
    expect(leave("completed", "exited with code 0; policy no never restarts")).toMatchObject({
      verdict: "none",
      eventType: null,
      action: "none",
      reason: "demo/api/1: exited with code 0; policy no never restarts; nothing to do",
    });
    expect(leave("stopped-by-user", "stopped").verdict).toBe("none");
    expect(leave("policy-no", "exited with code 1; policy no never restarts")).toMatchObject({
      verdict: "recommended",
      eventType: "reconcile_recommended",
      action: "review",
    });
    expect(
      leave("retries-exhausted", "exited with code 2; policy on-failure gave up after 5 retries"),
    ).toMatchObject({
      verdict: "blocked",
      eventType: "reconcile_blocked",
      action: "diagnostics",
    });
  });

  it("treats a never-started container as plain stopped drift", () => {
    const d = decideAction(
      input("stopped", {
        restartDecision: { restart: false, outcome: "not-exited", reason: "container is created" },
      }),
    );
    expect(d).toMatchObject({ verdict: "act", action: "restart", consumesRateLimit: true });
  });

  it("names the service when the drift has no instance", () => {
    const d = decideAction({
      ...input("orphan"),
      drift: { kind: "orphan", service: "old", detail: "service no longer declared" },
    });
    expect(d.reason).toBe("old: service no longer declared; remove-orphan");
  });
});
