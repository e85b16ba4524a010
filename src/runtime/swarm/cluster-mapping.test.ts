import { describe, expect, it } from "vitest";
import { mapClusterObservation } from "./cluster-mapping.js";

const OWNER = "owner-1";
const ours = {
  "dev.hostwright.managed": "true",
  "dev.hostwright.project": "shop",
  "dev.hostwright.service": "web",
  "dev.hostwright.owner": OWNER,
};

describe("mapClusterObservation", () => {
  it("maps nodes, services and tasks, sorted, with hostnames filled and ownership from labels", () => {
    const o = mapClusterObservation({
      project: "shop",
      ownerId: OWNER,
      observedAt: "2026-01-01T00:00:00.000Z",
      nodes: [
        {
          ID: "n2",
          Description: { Hostname: "b" },
          Spec: { Availability: "active", Role: "worker" },
          Status: { State: "down" },
        },
        {
          ID: "n1",
          Description: { Hostname: "a" },
          Spec: { Availability: "drain", Role: "manager" },
          Status: { State: "ready" },
          ManagerStatus: { Leader: true, Reachability: "reachable" },
        },
      ],
      services: [
        { ID: "s2", Version: { Index: 3 }, Spec: { Name: "shop_x", Labels: {} } },
        {
          ID: "s1",
          Version: { Index: 9 },
          Spec: {
            Name: "shop_web",
            Labels: ours,
            Mode: { Replicated: { Replicas: 2 } },
            TaskTemplate: { Placement: { Constraints: ["node.hostname==b"] } },
          },
          UpdateStatus: { State: "updating" },
        },
      ],
      tasks: [
        {
          ID: "t2",
          ServiceID: "s1",
          DesiredState: "running",
          Status: { State: "pending", Err: "no suitable node (1 node not available)" },
        },
        {
          ID: "t1",
          ServiceID: "s1",
          NodeID: "n2",
          Slot: 1,
          DesiredState: "running",
          Status: { State: "running", Timestamp: "2026-01-01T00:00:00Z" },
        },
      ],
    });
    expect(o.nodes.map((n) => [n.hostname, n.state, n.availability, n.role, n.leader ?? null])).toEqual([
      ["a", "ready", "drain", "manager", true],
      ["b", "down", "active", "worker", null],
    ]);
    expect(o.services.map((s) => [s.name, s.owned, s.service ?? null])).toEqual([
      ["shop_web", true, "web"],
      ["shop_x", false, null],
    ]);
    const web = o.services[0];
    expect(web?.versionIndex).toBe(9);
    expect(web?.desiredReplicas).toBe(2);
    expect(web?.updateState).toBe("updating");
    expect(web?.constraints).toEqual(["node.hostname==b"]);
    expect(web?.tasks.map((t) => [t.id, t.hostname ?? null, t.state, t.failure ?? null])).toEqual([
      ["t1", "b", "running", null],
      ["t2", null, "pending", "noSuitableNode"],
    ]);
  });

  it("a service with our project label but another owner is not ours", () => {
    const o = mapClusterObservation({
      project: "shop",
      ownerId: "someone-else",
      observedAt: "2026-01-01T00:00:00.000Z",
      nodes: [],
      services: [{ ID: "s1", Version: { Index: 1 }, Spec: { Name: "shop_web", Labels: ours } }],
      tasks: [],
    });
    expect(o.services[0]?.owned).toBe(false);
  });
});
