import { describe, expect, it } from "vitest";
import { service } from "../../test/support/desired-fixtures.js";
import type { ClusterObservation } from "../cluster/index.js";
import { failoversAfter, guardFailover, locationOf } from "./failover-plan.js";

const web = service("web", {
  placement: { nodes: ["n2"], constraints: [], failover: ["n1", "n3"], afterMs: 1000 },
});

function obs(constraints: string[]): ClusterObservation {
  return {
    project: "shop",
    observedAt: "2026-01-01T00:00:00.000Z",
    nodes: [],
    services: [
      {
        name: "shop_web",
        service: "web",
        id: "x",
        owned: true,
        labels: {},
        versionIndex: 1,
        desiredReplicas: 1,
        constraints,
        tasks: [],
      },
    ],
  };
}

describe("locationOf", () => {
  it("reads a failover from the service's own constraints (a restarted daemon needs no memory)", () => {
    expect(locationOf(web, obs(["node.hostname==n2"]))).toEqual({ on: "primary" });
    expect(locationOf(web, obs(["node.hostname==n3"]))).toEqual({ on: "failover", node: "n3" });
    // A pin to a node that is not a failover node is not a failover.
    expect(locationOf(web, obs(["node.hostname==n9"]))).toEqual({ on: "primary" });
  });
});

describe("failoversAfter", () => {
  it("adds a move to failover and drops a move back", () => {
    const to = {
      service: "web",
      from: { on: "primary" as const },
      decision: { kind: "moveToFailover" as const, target: "n1", offline: ["n2"] },
    };
    expect(failoversAfter({}, [to])).toEqual({ web: "n1" });
    const back = {
      service: "web",
      from: { on: "failover" as const, node: "n1" },
      decision: { kind: "moveBack" as const, nodes: ["n2"] },
    };
    expect(failoversAfter({ web: "n1", api: "n3" }, [back])).toEqual({ api: "n3" });
  });
});

describe("guardFailover", () => {
  const base = {
    mode: "heal" as const,
    paused: false,
    maintenanceWindows: [],
    now: new Date("2026-01-01T00:00:00Z"),
    rate: { allowed: true as const },
  };
  it("acts only in heal mode, unpaused, inside a window and under the rate limit", () => {
    expect(guardFailover(base)).toEqual({ act: true });
    expect(guardFailover({ ...base, mode: "recommend" })).toMatchObject({ act: false, kind: "recommended" });
    expect(guardFailover({ ...base, paused: true })).toMatchObject({ act: false, kind: "blocked" });
    expect(
      guardFailover({ ...base, rate: { allowed: false, retryAtMs: 0, reason: "rate limit reached" } }),
    ).toMatchObject({ act: false, kind: "blocked", reason: "rate limit reached" });
    const window = [{ cron: "0 3 * * *", durationMs: 3_600_000, timezone: "UTC" }];
    expect(guardFailover({ ...base, maintenanceWindows: window })).toMatchObject({
      act: false,
      kind: "recommended",
    });
  });
});
