import { describe, expect, it } from "vitest";
import { assessCluster } from "./assess-cluster.js";
import type { NodeHistory } from "./node-history.js";
import { at, desired, node, observation, pin, svc, task } from "./testdata/fixtures.js";

/** Drift and recommendations as short strings, so each table row reads as one line. */
const brief = (a: ReturnType<typeof assessCluster>) => ({
  drift: a.drift.map((d) => [d.kind, d.severity, d.service ?? "-", d.node ?? "-"].join(" ")),
  recs: a.recommendations.map((r) =>
    [
      r.kind,
      r.action,
      r.service ?? "-",
      r.node ?? "-",
      ...(r.target ? [`->${r.target}`] : []),
      ...(r.remainingMs !== undefined ? [`in ${r.remainingMs / 1000}s`] : []),
    ].join(" "),
  ),
});

const ready3 = () => [node("n1"), node("n2"), node("n3")];
const downSince = (hostname: string, seconds: number): NodeHistory => ({
  hostname,
  online: false,
  reason: "down",
  since: at(seconds),
});

describe("assessCluster: drift, recommendations, summary", () => {
  it("in sync: nothing to say, nominal everywhere", () => {
    const d = desired([
      { name: "db", placement: pin(["n1"]) },
      { name: "web", placement: pin(["n2"]) },
    ]);
    const a = assessCluster(d, observation(ready3(), [svc("db", [task("n1")]), svc("web", [task("n2")])]));
    expect(brief(a)).toEqual({ drift: [], recs: [] });
    expect(a.summary).toEqual({
      project: "nominal",
      services: { db: "nominal", web: "nominal" },
      nodes: { n1: "nominal", n2: "nominal" },
    });
  });

  it("offline node with a pinned service and no failover: blocked failover review naming the node", () => {
    const d = desired([
      { name: "db", placement: pin(["n1"]) },
      { name: "web", placement: pin(["n2"]) },
    ]);
    const obs = observation(
      [node("n1", { state: "down" }), node("n2"), node("n3")],
      [
        svc("db", [
          task("n1"),
          task(undefined, { state: "pending", failure: "noSuitableNode", timestamp: at(590) }),
        ]),
        svc("web", [task("n2")]),
      ],
    );
    const a = assessCluster(d, obs);
    expect(brief(a)).toEqual({
      drift: ["nodeOffline critical - n1", "unschedulable critical db -"],
      recs: ["blocked failoverReview db n1"],
    });
    expect(a.drift[0]?.pinnedServices).toEqual(["db"]);
    expect(a.recommendations[0]?.message).toContain("n1");
    expect(a.summary).toEqual({
      project: "unstable",
      services: { db: "unstable", web: "nominal" },
      nodes: { n1: "unstable", n2: "nominal" },
    });
  });

  it("with failover, first sight of the node down: recommends failover after the full `after`", () => {
    const d = desired([{ name: "db", placement: pin(["n1"], ["n3"]) }]);
    const obs = observation(
      [node("n1", { state: "down" }), node("n2"), node("n3")],
      [svc("db", [task("n1")])],
    );
    expect(brief(assessCluster(d, obs)).recs).toEqual(["recommended failover db n1 in 120s"]);
  });

  it("with failover, node down longer than `after`: failover to the first online failover node is required", () => {
    const d = desired([{ name: "db", placement: pin(["n1"], ["n3"]) }]);
    const obs = observation(
      [node("n1", { state: "down" }), node("n2"), node("n3")],
      [svc("db", [task("n1")])],
    );
    const a = assessCluster(d, obs, { history: [downSince("n1", 300)] });
    expect(brief(a).recs).toEqual(["required failover db n1 ->n3"]);
    expect(a.history.find((h) => h.hostname === "n1")).toEqual(downSince("n1", 300));
  });

  it("failed over and running on the failover node while its node is still down: degraded, not unstable", () => {
    const d = desired([{ name: "db", placement: pin(["n1"], ["n3"]) }]);
    const obs = observation(
      [node("n1", { state: "down" }), node("n2"), node("n3")],
      [svc("db", [task("n3")])],
    );
    const a = assessCluster(d, obs, {
      history: [downSince("n1", 0)],
      locations: { db: { on: "failover", node: "n3" } },
    });
    expect(brief(a)).toEqual({
      drift: ["nodeOffline warning - n1"],
      recs: ["recommended failoverReview - n1"],
    });
    expect(a.summary).toEqual({
      project: "degraded",
      services: { db: "nominal" },
      nodes: { n1: "degraded", n3: "nominal" },
    });
  });

  it("back on its node after a failover: move back once settled", () => {
    const d = desired([{ name: "db", placement: pin(["n1"], ["n3"]) }]);
    const obs = observation(ready3(), [svc("db", [task("n3")])]);
    const history: NodeHistory[] = [{ hostname: "n1", online: true, since: at(500) }];
    const locations = { db: { on: "failover" as const, node: "n3" } };
    expect(brief(assessCluster(d, obs, { history, locations })).recs).toEqual(["required moveBack db n3"]);
    const fresh: NodeHistory[] = [{ hostname: "n1", online: true, since: at(580) }];
    expect(brief(assessCluster(d, obs, { history: fresh, locations })).recs).toEqual([
      "recommended moveBack db n3 in 40s",
    ]);
  });

  it("repeated failed deployments (image missing on the node): blocked diagnostics", () => {
    const d = desired([{ name: "web", placement: pin(["n2"]) }]);
    const rejected = (s: number) =>
      task("n2", {
        id: `r${s}`,
        state: "rejected",
        desiredState: "shutdown",
        failure: "imageMissing",
        timestamp: at(s),
      });
    const a = assessCluster(
      d,
      observation(ready3(), [svc("web", [rejected(400), rejected(500), rejected(580)])]),
    );
    expect(brief(a)).toEqual({
      drift: ["deploymentFailed critical web n2"],
      recs: ["blocked diagnostics web n2"],
    });
    expect(a.drift[0]).toMatchObject({ failures: 3, failureKind: "imageMissing", running: 0, desired: 1 });
    expect(a.summary.services.web).toBe("unstable");
  });

  it("one failed deployment: a redeploy is required; failures outside the window are history", () => {
    const d = desired([{ name: "web" }]);
    const failed = (s: number) =>
      task("n2", { id: `f${s}`, state: "failed", desiredState: "shutdown", timestamp: at(s) });
    expect(brief(assessCluster(d, observation(ready3(), [svc("web", [failed(550)])]))).recs).toEqual([
      "required redeploy web n2",
    ]);
    // Old failures with the service running: no drift at all.
    expect(
      brief(
        assessCluster(
          d,
          observation(ready3(), [svc("web", [failed(0), failed(10), failed(20), task("n2")])]),
        ),
      ),
    ).toEqual({
      drift: [],
      recs: [],
    });
  });

  it("a dependency unavailable: the dependant gets a delayed deployment, the dependency a deploy", () => {
    const d = desired([{ name: "db" }, { name: "web", dependsOn: { db: "started" } }]);
    const a = assessCluster(d, observation(ready3(), []));
    expect(brief(a)).toEqual({
      drift: ["serviceMissing warning db -", "serviceMissing warning web -"],
      recs: ["required deploy db -", "recommended delayedDeployment web -"],
    });
    expect(a.summary.project).toBe("degraded");
  });

  it("an unowned service with our name: blocked, never adopted", () => {
    const d = desired([{ name: "api" }]);
    const foreign = svc("api", [task("n1")], { owned: false });
    delete foreign.service;
    const a = assessCluster(d, observation(ready3(), [foreign]));
    expect(brief(a)).toEqual({
      drift: ["foreignService critical api -"],
      recs: ["blocked resolveClash api -"],
    });
  });

  it("an offline node running only unpinned tasks: a warning and a failover review, not unstable", () => {
    const d = desired([{ name: "cache" }]);
    const a = assessCluster(
      d,
      observation([node("n1"), node("n2", { state: "down" })], [svc("cache", [task("n2")])]),
    );
    expect(brief(a)).toEqual({
      drift: ["nodeOffline warning - n2", "replicasShort warning cache -"],
      recs: ["required redeploy cache -", "recommended failoverReview - n2"],
    });
    expect(a.summary).toEqual({
      project: "degraded",
      services: { cache: "degraded" },
      nodes: { n2: "degraded" },
    });
  });

  it("ignores a down node the project does not use (Swarm keeps departed nodes as Down)", () => {
    const d = desired([{ name: "web", placement: pin(["n1"]) }]);
    const a = assessCluster(
      d,
      observation([node("n1"), node("old", { state: "down" })], [svc("web", [task("n1")])]),
    );
    expect(brief(a)).toEqual({ drift: [], recs: [] });
  });

  it("a pinned node missing from the cluster, an unreachable manager and a drained node", () => {
    const d = desired([
      { name: "a", placement: pin(["ghost"]) },
      { name: "b", placement: pin(["m1"]) },
      { name: "c", placement: pin(["n2"]) },
    ]);
    const obs = observation(
      [node("m1", { role: "manager", managerReachable: false }), node("n2", { availability: "drain" })],
      [svc("b", [task("m1")]), svc("c", [task("n2")])],
    );
    const a = assessCluster(d, obs);
    expect(a.drift.filter((x) => x.kind === "nodeOffline").map((x) => [x.node, x.offlineReason])).toEqual([
      ["ghost", "notInCluster"],
      ["m1", "unreachable"],
    ]);
    expect(a.summary.nodes).toEqual({ ghost: "unstable", m1: "unstable", n2: "degraded" });
  });

  it("a rolling update shows as reconciling", () => {
    const d = desired([{ name: "web", replicas: 2 }]);
    const obs = observation(ready3(), [
      svc("web", [task("n1"), task("n2", { id: "t2" })], { updateState: "updating" }),
    ]);
    expect(assessCluster(d, obs).summary.services.web).toBe("reconciling");
    expect(assessCluster(d, obs, { reconciling: [] }).summary.project).toBe("reconciling");
  });

  it("is deterministic: input order does not change the output", () => {
    const d = desired([
      { name: "db", placement: pin(["n1"]) },
      { name: "web", placement: pin(["n2"]) },
    ]);
    const nodes = [node("n1", { state: "down" }), node("n2", { state: "disconnected" }), node("n3")];
    const services = [svc("db", [task("n1")]), svc("web", [task("n2")])];
    const a = assessCluster(d, observation(nodes, services));
    const b = assessCluster(
      { ...d, services: [...d.services].reverse() },
      observation([...nodes].reverse(), [...services].reverse()),
    );
    expect(b.drift).toEqual(a.drift);
    expect(b.recommendations).toEqual(a.recommendations);
    expect(JSON.stringify(b.summary)).toBe(JSON.stringify(a.summary));
  });
});
