import { describe, expect, it } from "vitest";
import { DecisionEvents } from "./decision-events.js";
import type { RepairDecision } from "./repair-decisions.js";

const stopped = (verdict: "act" | "blocked"): RepairDecision =>
  ({
    drift: { kind: "stopped", service: "web", name: "p-web-1", detail: "exited (1)" },
    decision: {
      verdict,
      action: verdict === "act" ? "restart" : "rate-limit",
      reason: verdict === "act" ? "restart p-web-1" : "rate limit reached",
      eventType: verdict === "act" ? "info" : "reconcile_blocked",
      consumesRateLimit: true,
    },
  }) as never;

describe("DecisionEvents", () => {
  it("reports a drift and its verdict once, and again after the drift went away", () => {
    const d = new DecisionEvents();
    const first = d.note([stopped("act")]);
    expect(first.events.map((e) => e.type)).toEqual(["drift_detected", "info"]);
    expect(first.spend).toEqual(["web"]);
    expect(d.note([stopped("act")]).events).toEqual([]);
    const blocked = d.note([stopped("blocked")]);
    expect(blocked.events.map((e) => e.type)).toEqual(["reconcile_blocked"]);
    expect(blocked.blocked).toEqual(["rate-limit"]);
    expect(blocked.spend).toEqual([]);
    expect(d.note([]).events).toEqual([]);
    expect(d.decisions.size).toBe(0);
    expect(d.note([stopped("act")]).events.map((e) => e.type)).toEqual(["drift_detected", "info"]);
  });

  it("reports one back-off wait once per due time", () => {
    const d = new DecisionEvents();
    const wait = (until: number) =>
      ({
        ...(stopped("act") as object),
        backoffUntil: until,
        backoffText: "back-off 2s (restart 2)",
      }) as never;
    expect(d.note([wait(5000)]).events.map((e) => e.message)).toContain(
      "p-web-1: not restarting yet: back-off 2s (restart 2)",
    );
    expect(d.note([wait(5000)]).events).toEqual([]);
    expect(d.note([wait(9000)]).events).toHaveLength(1);
    expect(d.note([wait(9000)]).spend).toEqual([]);
  });
});
