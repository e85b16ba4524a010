import { describe, expect, it } from "vitest";
import { assessCluster } from "../cluster/index.js";
import { at, desired, node, observation, pin, svc, task } from "../cluster/testdata/fixtures.js";
import { captureOutput } from "./output.js";
import { clusterStatusModel, renderClusterStatus } from "./render-cluster-status.js";

function scenario() {
  const d = desired([
    { name: "db", placement: pin(["n1"]) },
    { name: "web", replicas: 2, placement: pin(["n2"], ["n3"]) },
    { name: "cache" },
  ]);
  const obs = observation(
    [
      node("n1", { state: "down" }),
      node("n2", { role: "manager", leader: true }),
      node("n3", { availability: "drain" }),
    ],
    [
      svc("db", [
        task("n1", { id: "db-task-on-n1-aaaa", slot: 1 }),
        task(undefined, {
          id: "db-pending-bbbb",
          state: "pending",
          failure: "noSuitableNode",
          timestamp: at(590),
          error: "no suitable node (1 node not available)",
        }),
      ]),
      svc("web", [task("n2", { id: "web-2", slot: 2 }), task("n2", { id: "web-1", slot: 1 })], {
        desiredReplicas: 2,
      }),
    ],
  );
  return { desired: d, observation: obs, assessment: assessCluster(d, obs), runtime: "swarm" };
}

describe("renderClusterStatus", () => {
  it("shows nodes, services by node with tasks, drift and recommendations as text", () => {
    const out = captureOutput();
    renderClusterStatus(scenario(), out);
    expect(out.stdout).toEqual([
      "Project shop: unstable  (runtime swarm, observed 2026-12-02T12:10:00.000Z)",
      "",
      "Nodes:",
      "  n1            down            active  worker            unstable    db",
      "  n2            ready           active  manager (leader)  nominal     web",
      "  n3            ready           drain   worker            nominal",
      "",
      "Services by node:",
      "  n1",
      "    db              unstable    0/1 running  [on n1]",
      "      db-task-on-n  running (node offline)  2026-12-02T12:00:00.000Z",
      "      db-pending-b  pending                 2026-12-02T12:09:50.000Z  no suitable node (1 node not available)",
      "  n2",
      "    web             nominal     2/2 running  [on n2; failover n3 after 120s]",
      "      web-1         running                 2026-12-02T12:00:00.000Z",
      "      web-2         running                 2026-12-02T12:00:00.000Z",
      "  (no node)",
      "    cache           degraded    0/1 running",
      "",
      "Drift:",
      "  nodeOffline       node n1: node n1 is down; pinned here: db",
      "  serviceMissing    service cache: not deployed",
      "  unschedulable     service db: 1 task waiting for a node that matches nodes n1",
      "",
      "Recommendations:",
      "  reconcile_blocked       failoverReview    db on n1: failover review: node n1 is offline and db has no failover",
      "  reconcile_required      deploy            cache: deploy",
    ]);
  });

  it("--json carries the same model: summary per project and node, tasks, recommendations with their event type", () => {
    const out = captureOutput();
    renderClusterStatus(scenario(), out, { json: true });
    const json = JSON.parse(out.stdout.join("\n"));
    expect(json).toEqual(JSON.parse(JSON.stringify(clusterStatusModel(scenario()))));
    expect(json.summary).toBe("unstable");
    expect(
      json.nodes.map((n: { hostname: string; summary: string | null }) => [n.hostname, n.summary]),
    ).toEqual([
      ["n1", "unstable"],
      ["n2", "nominal"],
      ["n3", "nominal"],
    ]);
    const db = json.services.find((s: { name: string }) => s.name === "db");
    expect(db).toMatchObject({ running: 0, desired: 1, nodes: ["n1"], runtimeName: "shop_db" });
    expect(db.tasks[0]).toMatchObject({ id: "db-task-on-n1-aaaa", stale: true, node: "n1" });
    expect(json.recommendations[0]).toMatchObject({
      event: "reconcile_blocked",
      action: "failoverReview",
      node: "n1",
      service: "db",
    });
  });

  it("a placement node the cluster does not list: typed notInCluster in --json, worded in the text", () => {
    const d = desired([{ name: "web", placement: pin(["ghost"]) }]);
    const obs = observation([node("n1")], []);
    const input = { desired: d, observation: obs, assessment: assessCluster(d, obs), runtime: "swarm" };
    expect(clusterStatusModel(input).nodes.map((n) => [n.hostname, n.state])).toEqual([
      ["ghost", "notInCluster"],
      ["n1", "ready"],
    ]);
    const out = captureOutput();
    renderClusterStatus(input, out);
    expect(out.stdout).toContain("  ghost         not in cluster  -       -                 unstable    web");
  });

  it("says none when the cluster is in sync", () => {
    const d = desired([{ name: "web", placement: pin(["n1"]) }]);
    const obs = observation([node("n1")], [svc("web", [task("n1")])]);
    const out = captureOutput();
    renderClusterStatus(
      { desired: d, observation: obs, assessment: assessCluster(d, obs), runtime: "swarm" },
      out,
    );
    expect(out.stdout[0]).toBe("Project shop: nominal  (runtime swarm, observed 2026-12-02T12:10:00.000Z)");
    expect(out.stdout).toContain("Drift: none");
    expect(out.stdout).toContain("Recommendations: none");
  });
});
