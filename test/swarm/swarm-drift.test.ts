/**
 * Failed deployments on a real swarm, as Swarm reports them and the adapter types them: an image
 * no node has is a deploymentFailed drift with failure kind imageMissing (diagnostics once it
 * repeats), and a constraint no node matches is unschedulable (no suitable node).
 */
import { afterAll, describe, expect, it } from "vitest";
import { applySwarm, downSwarm, swarmStatusOf } from "../../src/swarm/index.js";
import { desiredFrom, managerApi, tempStore, uniqueSwarmProject, waitForCluster } from "./swarm-support.js";

const P = uniqueSwarmProject("dr");
const store = tempStore();
const api = managerApi();
const desired = desiredFrom(`version: 2
project: ${P}
services:
  ghost:
    image: hostwright.local/missing:1
    restart: { policy: always, backoff: { initial: 1s } }
  nowhere:
    image: hostwright.local/busybox:1
    placement: { constraints: [node.labels.hw-none==1] }
`);

afterAll(async () => {
  await downSwarm(P, undefined, { store, api }).catch(() => undefined);
  await api.close();
  store.close();
});

describe("swarm failed deployments", () => {
  it("reports a missing image as a failed deployment and an unmatched constraint as unschedulable", async () => {
    const r = await applySwarm(desired, { store, api });
    expect(r.ok).toBe(true);
    const o = await waitForCluster(api, store, P, (c) => {
      const drift = swarmStatusOf(desired, c).assessment.drift;
      return (
        drift.some((d) => d.service === "ghost" && d.kind === "deploymentFailed" && (d.failures ?? 0) >= 3) &&
        drift.some((d) => d.service === "nowhere" && d.kind === "unschedulable")
      );
    });
    const a = swarmStatusOf(desired, o).assessment;
    expect(a.drift.find((d) => d.service === "ghost")?.failureKind).toBe("imageMissing");
    expect(a.recommendations.find((x) => x.service === "ghost")?.action).toBe("diagnostics");
    expect(a.summary.services.nowhere).toBe("unstable");
  });
});
