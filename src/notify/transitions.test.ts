import { describe, expect, it } from "vitest";
import type { HwEvent } from "../core/index.js";
import { type ServiceSnapshot, TransitionTracker, transitionFromEvent } from "./transitions.js";

const snap = (condition: ServiceSnapshot["condition"], version = "h1@img1"): ServiceSnapshot[] => [
  { service: "web", condition, version },
];
const kinds = (t: TransitionTracker, s: ServiceSnapshot[]) =>
  t.note(s).map((d) => `${d.transition}:${d.reason}`);

describe("TransitionTracker", () => {
  it("takes the first state as the baseline: a daemon start (degraded, then nominal) says nothing", () => {
    const t = new TransitionTracker();
    expect(kinds(t, snap("degraded", ""))).toEqual([]);
    expect(kinds(t, snap("nominal"))).toEqual([]);
  });

  it("announces a failure once, ignores a repair in flight, and announces the recovery", () => {
    const t = new TransitionTracker();
    kinds(t, snap("nominal"));
    expect(kinds(t, snap("degraded"))).toEqual(["degraded:state-degraded"]);
    expect(kinds(t, snap("degraded"))).toEqual([]);
    expect(kinds(t, snap("reconciling"))).toEqual([]);
    expect(kinds(t, snap("unstable"))).toEqual(["unstable:state-unstable"]);
    const back = t.note(snap("nominal"));
    expect(back).toEqual([
      {
        service: "web",
        transition: "recovered",
        reason: "state-nominal",
        message: "web recovered: nominal again (was unstable)",
        from: "unstable",
        to: "nominal",
      },
    ]);
    expect(kinds(t, snap("nominal"))).toEqual([]);
  });

  it("announces an update when different containers run nominal, not on a restart of the same ones", () => {
    const t = new TransitionTracker();
    kinds(t, snap("nominal", "h1@img1"));
    expect(kinds(t, snap("degraded", ""))).toEqual(["degraded:state-degraded"]);
    expect(kinds(t, snap("nominal", "h1@img1"))).toEqual(["recovered:state-nominal"]);
    expect(kinds(t, snap("nominal", "h1@img2"))).toEqual(["update:version-changed"]);
    expect(kinds(t, snap("nominal", "h1@img2"))).toEqual([]);
  });

  it("treats degraded with new containers already running as an update in flight, not a failure", () => {
    const t = new TransitionTracker();
    kinds(t, snap("nominal", "h1@img1"));
    expect(kinds(t, snap("degraded", "h2@img1"))).toEqual([]);
    expect(kinds(t, snap("nominal", "h2@img1"))).toEqual(["update:version-changed"]);
    // A new version that does not come up is still announced.
    expect(kinds(t, snap("degraded", ""))).toEqual(["degraded:state-degraded"]);
    expect(kinds(t, snap("unstable", "h3@img1"))).toEqual(["unstable:state-unstable"]);
  });

  it("forgets a removed service, so a re-added one starts from a new baseline", () => {
    const t = new TransitionTracker();
    kinds(t, snap("nominal"));
    t.note([]);
    expect(kinds(t, snap("degraded"))).toEqual([]);
  });
});

describe("transitionFromEvent", () => {
  const event = (type: HwEvent["type"], data?: Record<string, unknown>): HwEvent => ({
    type,
    severity: "warning",
    project: "p",
    service: "web",
    message: "text the notifier never reads SECRET",
    timestamp: "2026-01-01T00:00:00.000Z",
    correlationId: "c",
    ...(data ? { data } : {}),
  });

  it("maps rollbacks and blocked repairs by their structured fields, never copying the message", () => {
    expect(transitionFromEvent(event("rolled_back"))).toMatchObject({
      transition: "rollback",
      reason: "rolled-back",
    });
    expect(transitionFromEvent(event("reconcile_blocked", { crashLoop: true }))).toMatchObject({
      transition: "blocked",
      reason: "crash-loop",
    });
    expect(transitionFromEvent(event("reconcile_blocked", { action: "recreate" }))?.reason).toBe(
      "repair-blocked",
    );
    expect(JSON.stringify(transitionFromEvent(event("rolled_back")))).not.toContain("SECRET");
    expect(transitionFromEvent(event("restarted"))).toBeUndefined();
  });

  it("maps a carried-out swarm failover move and the move back by data.failover.action", () => {
    const move = (action: string) => ({ failover: { action, from: "n1", decision: { kind: action } } });
    const over = transitionFromEvent(event("info", move("moveToFailover")));
    expect(over).toMatchObject({ service: "web", transition: "failover", reason: "failed-over" });
    expect(transitionFromEvent(event("info", move("moveBack")))).toMatchObject({
      transition: "failback",
      reason: "failed-back",
    });
    expect(JSON.stringify(over)).not.toContain("SECRET");
    // A withheld move is a blocked / recommended event, not a move; plain info events are no transition.
    expect(transitionFromEvent(event("reconcile_blocked", move("moveToFailover")))?.transition).toBe(
      "blocked",
    );
    expect(transitionFromEvent(event("reconcile_recommended", move("moveToFailover")))).toBeUndefined();
    expect(transitionFromEvent(event("info"))).toBeUndefined();
    expect(transitionFromEvent(event("info", { failover: { action: "stay" } }))).toBeUndefined();
  });
});
