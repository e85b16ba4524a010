/**
 * A node dies on a real swarm: it is reported offline, its services degraded or unstable, with a
 * recommendation naming the node; failover moves the service that has `failover` and leaves the
 * one without it in place; when the node returns (and is stable) the moved service goes back and
 * the project is nominal again.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { NodeHistory } from "../../src/cluster/index.js";
import { RateLimiter } from "../../src/daemon/policy/index.js";
import { applySwarm, downSwarm, runFailoverPass, swarmStatusOf } from "../../src/swarm/index.js";
import { killNode, restartNode, swarmDocker, swarmInfo } from "../harness/swarm.js";
import {
  desiredFrom,
  managerApi,
  runningOn,
  tempStore,
  uniqueSwarmProject,
  waitForCluster,
} from "./swarm-support.js";

const P = uniqueSwarmProject("fo");
const store = tempStore();
const api = managerApi();
const [manager = "", worker = ""] = swarmInfo().nodes;

const desired = desiredFrom(`version: 2
project: ${P}
services:
  mover:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    placement: { nodes: [${worker}], failover: [${manager}], after: 2s }
  pinned:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    placement: { nodes: [${worker}] }
  steady:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    placement: { nodes: [${manager}] }
`);
const rate = new RateLimiter({ actions: 10, perMs: 60_000 });
let history: NodeHistory[] = [];

async function pass(settleMs = 2_000) {
  const r = await runFailoverPass(desired, { store, api, history, settleMs, paused: () => false, rate });
  history = r.history;
  return r;
}

async function constraintsOf(service: string): Promise<string[]> {
  return JSON.parse(
    await swarmDocker([
      "service",
      "inspect",
      "-f",
      "{{json .Spec.TaskTemplate.Placement.Constraints}}",
      `${P}_${service}`,
    ]),
  );
}

afterAll(async () => {
  await restartNode(worker).catch(() => undefined);
  await downSwarm(P, undefined, { store, api }).catch(() => undefined);
  await api.close();
  store.close();
});

describe("swarm node failure and failover", () => {
  it("converges with every service on its node and the project nominal", async () => {
    const r = await applySwarm(desired, { store, api });
    expect(r.ok).toBe(true);
    const o = await waitForCluster(api, store, P, (c) =>
      ["mover", "pinned", "steady"].every((s) => runningOn(c, `${P}_${s}`).length === 1),
    );
    expect(runningOn(o, `${P}_mover`)).toEqual([worker]);
    expect(runningOn(o, `${P}_steady`)).toEqual([manager]);
    const status = swarmStatusOf(desired, o);
    expect(status.assessment.summary.project).toBe("nominal");
    expect(status.nodes.find((n) => n.hostname === worker)?.services).toEqual(["mover", "pinned"]);
    history = (await pass()).history;
  });

  it("a killed node is reported offline, its services not nominal, with a recommendation naming it", async () => {
    await killNode(worker);
    const o = await waitForCluster(
      api,
      store,
      P,
      (c) => c.nodes.find((n) => n.hostname === worker)?.state === "down",
    );
    const status = swarmStatusOf(desired, o, { history });
    const a = status.assessment;
    expect(a.drift.some((d) => d.kind === "nodeOffline" && d.node === worker)).toBe(true);
    expect(a.summary.nodes[worker]).not.toBe("nominal");
    expect(["degraded", "unstable"]).toContain(a.summary.services.pinned);
    expect(["degraded", "unstable"]).toContain(a.summary.services.mover);
    expect(a.summary.services.steady).toBe("nominal");
    const review = a.recommendations.find((r) => r.service === "pinned" && r.node === worker);
    expect(review?.action).toBe("failoverReview");
  });

  it("failover moves the service with `failover` and leaves the one without it in place", async () => {
    let moved = false;
    for (let i = 0; i < 40 && !moved; i++) {
      const r = await pass();
      moved = r.moved.some((m) => m.service === "mover");
      if (!moved) await new Promise((res) => setTimeout(res, 500));
    }
    expect(moved).toBe(true);
    expect(await constraintsOf("mover")).toEqual([`node.hostname==${manager}`]);
    expect(await constraintsOf("pinned")).toEqual([`node.hostname==${worker}`]);
    const o = await waitForCluster(api, store, P, (c) => runningOn(c, `${P}_mover`).length === 1);
    expect(runningOn(o, `${P}_mover`)).toEqual([manager]);
    expect(runningOn(o, `${P}_pinned`)).toEqual([]);
    const events = store.events({ project: P, limit: 50 });
    expect(events.some((e) => e.service === "mover" && e.message.includes(`to node ${manager}`))).toBe(true);
  });

  it("the node's return moves the service back and gives nominal again", async () => {
    await restartNode(worker);
    await waitForCluster(api, store, P, (c) => c.nodes.find((n) => n.hostname === worker)?.state === "ready");
    let back = false;
    for (let i = 0; i < 40 && !back; i++) {
      const r = await pass();
      back = r.moved.some((m) => m.service === "mover" && m.decision.kind === "moveBack");
      if (!back) await new Promise((res) => setTimeout(res, 500));
    }
    expect(back).toBe(true);
    expect(await constraintsOf("mover")).toEqual([`node.hostname==${worker}`]);
    const o = await waitForCluster(
      api,
      store,
      P,
      (c) => {
        const s = swarmStatusOf(desired, c, { history });
        return s.assessment.summary.project === "nominal";
      },
      90_000,
    );
    expect(runningOn(o, `${P}_mover`)).toEqual([worker]);
    expect(runningOn(o, `${P}_pinned`)).toEqual([worker]);
  });
});
