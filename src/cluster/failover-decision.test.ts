import { describe, expect, it } from "vitest";
import {
  decideFailover,
  effectivePlacement,
  type FailoverDecision,
  type ServiceLocation,
} from "./failover-decision.js";
import type { NodeHistory } from "./node-history.js";
import { at, pin } from "./testdata/fixtures.js";

const up = (hostname: string, sinceSeconds: number): NodeHistory => ({
  hostname,
  online: true,
  since: at(sinceSeconds),
});
const down = (hostname: string, sinceSeconds: number): NodeHistory => ({
  hostname,
  online: false,
  reason: "down",
  since: at(sinceSeconds),
});

const NOW = at(600);
const primary: ServiceLocation = { on: "primary" };
const onN3: ServiceLocation = { on: "failover", node: "n3" };

// placement {nodes: [n1], failover: [n3, n4], after: 2m}; settle 60 s; now = T0 + 600 s.
const cases: {
  name: string;
  location: ServiceLocation;
  nodes: NodeHistory[];
  expected: FailoverDecision;
  placement?: ReturnType<typeof pin>;
}[] = [
  {
    name: "primary online",
    location: primary,
    nodes: [up("n1", 0), up("n3", 0)],
    expected: { kind: "stay", reason: "primaryOnline" },
  },
  {
    name: "primary down for less than after",
    location: primary,
    nodes: [down("n1", 540), up("n3", 0)],
    expected: { kind: "stay", reason: "waitingForAfter", remainingMs: 60_000 },
  },
  {
    name: "primary down exactly after: moves",
    location: primary,
    nodes: [down("n1", 480), up("n3", 0)],
    expected: { kind: "moveToFailover", target: "n3", offline: ["n1"] },
  },
  {
    name: "first failover node offline too: the next in order",
    location: primary,
    nodes: [down("n1", 0), down("n3", 0), up("n4", 0)],
    expected: { kind: "moveToFailover", target: "n4", offline: ["n1"] },
  },
  {
    name: "no failover node online",
    location: primary,
    nodes: [down("n1", 0), down("n3", 0), down("n4", 0)],
    expected: { kind: "noTarget", offline: ["n1"] },
  },
  {
    name: "primary never seen (not in history): offline for an unknown time, so it waits",
    location: primary,
    nodes: [up("n3", 0)],
    expected: { kind: "stay", reason: "waitingForAfter", remainingMs: 120_000 },
  },
  {
    name: "no failover configured: recommend only",
    location: primary,
    placement: pin(["n1"]),
    nodes: [down("n1", 0)],
    expected: { kind: "recommendOnly", offline: ["n1"] },
  },
  {
    name: "two primaries, one online: stays",
    location: primary,
    placement: pin(["n1", "n2"], ["n3"]),
    nodes: [down("n1", 0), up("n2", 0), up("n3", 0)],
    expected: { kind: "stay", reason: "primaryOnline" },
  },
  {
    name: "two primaries, both offline: waits for the later one",
    location: primary,
    placement: pin(["n1", "n2"], ["n3"]),
    nodes: [down("n1", 0), down("n2", 500), up("n3", 0)],
    expected: { kind: "stay", reason: "waitingForAfter", remainingMs: 20_000 },
  },
  {
    name: "unpinned service",
    location: primary,
    placement: { nodes: [], constraints: ["node.labels.zone==a"], failover: [], afterMs: 0 },
    nodes: [],
    expected: { kind: "stay", reason: "unpinned" },
  },
  {
    name: "on failover, primary still down",
    location: onN3,
    nodes: [down("n1", 0), up("n3", 0)],
    expected: { kind: "stay", reason: "onFailover" },
  },
  {
    name: "on failover, primary back but not settled",
    location: onN3,
    nodes: [up("n1", 570), up("n3", 0)],
    expected: { kind: "stay", reason: "settling", remainingMs: 30_000 },
  },
  {
    name: "on failover, primary back and settled: moves back",
    location: onN3,
    nodes: [up("n1", 540), up("n3", 0)],
    expected: { kind: "moveBack", nodes: ["n1"] },
  },
  {
    name: "on failover, failover node lost too: the next one",
    location: onN3,
    nodes: [down("n1", 0), down("n3", 590), up("n4", 0)],
    expected: { kind: "moveToFailover", target: "n4", offline: ["n1", "n3"] },
  },
  {
    name: "on failover, everything lost",
    location: onN3,
    nodes: [down("n1", 0), down("n3", 590), down("n4", 0)],
    expected: { kind: "noTarget", offline: ["n1", "n3"] },
  },
];

describe("decideFailover", () => {
  for (const c of cases) {
    it(c.name, () => {
      const decision = decideFailover({
        placement: c.placement ?? pin(["n1"], ["n3", "n4"]),
        location: c.location,
        nodes: c.nodes,
        now: NOW,
        settleMs: 60_000,
      });
      expect(decision).toEqual(c.expected);
    });
  }

  it("pins the service to the failover node while there, and restores placement.nodes on the way back", () => {
    const p = pin(["n1"], ["n3"]);
    expect(effectivePlacement(p, onN3).nodes).toEqual(["n3"]);
    expect(effectivePlacement(p, primary)).toBe(p);
  });
});
