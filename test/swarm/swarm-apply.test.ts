/**
 * --runtime swarm on a real two-node swarm: services converge on their pinned nodes, re-apply is a
 * no-op (service versions unchanged), an env change updates only its service, an unowned service
 * with our name is never touched and blocks, and down removes only what is owned.
 */
import { afterAll, describe, expect, it } from "vitest";
import { observeCluster } from "../../src/runtime/swarm/index.js";
import { applySwarm, downSwarm, planSwarm } from "../../src/swarm/index.js";
import { nodeHost, swarmDocker, swarmInfo } from "../harness/swarm.js";
import {
  desiredFrom,
  managerApi,
  runningOn,
  tempStore,
  uniqueSwarmProject,
  waitForCluster,
} from "./swarm-support.js";

const P = uniqueSwarmProject("ap");
const store = tempStore();
const api = managerApi();
const [manager = "", worker = ""] = swarmInfo().nodes;

function manifest(apiEnv: string, withIntruder = false): string {
  return `version: 2
project: ${P}
services:
  web:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
  api:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    command: [sh, -c, "exec httpd -f -p 8081 -h /www"]
    env: { MODE: ${apiEnv} }
${withIntruder ? "  intruder:\n    image: hostwright.local/busybox:1\n" : ""}`;
}
const placement = { web: { nodes: [worker] }, api: { nodes: [manager] }, intruder: { nodes: [manager] } };

async function versions(): Promise<Record<string, number>> {
  const out = await swarmDocker(["service", "ls", "-q", "--filter", `name=${P}_`]);
  const ids = out.split("\n").filter(Boolean);
  const got: Record<string, number> = {};
  for (const id of ids) {
    const [name, v] = (
      await swarmDocker(["service", "inspect", "-f", "{{.Spec.Name}} {{.Version.Index}}", id])
    ).split(" ");
    got[name ?? ""] = Number(v);
  }
  return got;
}

afterAll(async () => {
  await swarmDocker(["service", "rm", `${P}_intruder`]).catch(() => undefined);
  await downSwarm(P, undefined, { store, api }).catch(() => undefined);
  await api.close();
  store.close();
});

describe("swarm apply", () => {
  it("converges services onto their pinned nodes", async () => {
    const r = await applySwarm(desiredFrom(manifest("one"), placement), { store, api });
    expect(r.ok).toBe(true);
    expect(r.plan.ops.map((o) => `${o.kind} ${o.name}`)).toEqual([
      `ensure-network ${P}_default`,
      `create-service ${P}_api`,
      `create-service ${P}_web`,
    ]);
    const o = await waitForCluster(
      api,
      store,
      P,
      (c) => runningOn(c, `${P}_web`).length === 1 && runningOn(c, `${P}_api`).length === 1,
    );
    expect(runningOn(o, `${P}_web`)).toEqual([worker]);
    expect(runningOn(o, `${P}_api`)).toEqual([manager]);
    const labels = JSON.parse(
      await swarmDocker(["service", "inspect", "-f", "{{json .Spec.Labels}}", `${P}_web`]),
    );
    expect(labels["dev.hostwright.project"]).toBe(P);
    expect(labels["dev.hostwright.owner"]).toBe(store.ownerId);
    expect(store.ownership("service", `${P}_web`)?.state).toBe("confirmed");
  });

  it("services on the project's overlay network reach each other across nodes (by task address)", async () => {
    // Swarm's service VIP and ingress routing mesh need the kernel's IPVS (ip_vs), which this
    // sandbox lacks; the overlay itself (VXLAN between the nodes' namespaces) works.
    const web = (
      await swarmDocker(
        ["ps", "-q", "--filter", `label=dev.hostwright.swarm-service=${P}_web`],
        nodeHost(worker),
      )
    ).trim();
    const got = await swarmDocker(
      ["exec", web, "sh", "-c", "timeout 5 wget -qO- http://tasks.api:8081/"],
      nodeHost(worker),
    );
    expect(got.trim()).toBe("hostwright ok");
  });

  it("observes the cluster in four list calls (nodes, services by name and label, tasks)", async () => {
    const before = api.requestCount;
    const o = await observeCluster(api, P, store.ownerId);
    expect(api.requestCount - before).toBe(4);
    expect(o.services.map((s) => s.name)).toEqual([`${P}_api`, `${P}_web`]);
  });

  it("re-apply is a no-op: no operation, service versions unchanged", async () => {
    const before = await versions();
    const r = await applySwarm(desiredFrom(manifest("one"), placement), { store, api });
    expect(r.plan.ops).toEqual([]);
    expect(r.plan.unchanged).toEqual([`${P}_api`, `${P}_web`]);
    expect(await versions()).toEqual(before);
  });

  it("an env change updates only its service", async () => {
    const before = await versions();
    const r = await applySwarm(desiredFrom(manifest("two"), placement), { store, api });
    expect(r.plan.ops.map((o) => `${o.kind} ${o.name}`)).toEqual([`update-service ${P}_api`]);
    const after = await versions();
    expect(after[`${P}_web`]).toBe(before[`${P}_web`]);
    expect(after[`${P}_api`]).toBeGreaterThan(before[`${P}_api`] ?? 0);
    const env = await swarmDocker([
      "service",
      "inspect",
      "-f",
      "{{json .Spec.TaskTemplate.ContainerSpec.Env}}",
      `${P}_api`,
    ]);
    expect(JSON.parse(env)).toEqual(["MODE=two"]);
  });

  it("an unowned service with our name blocks with a hint and is never touched", async () => {
    await swarmDocker([
      "service",
      "create",
      "-q",
      "--detach",
      "--no-resolve-image",
      "--name",
      `${P}_intruder`,
      "hostwright.local/busybox:1",
    ]);
    const before = (await versions())[`${P}_intruder`];
    const r = await applySwarm(desiredFrom(manifest("two", true), placement), { store, api });
    expect(r.ok).toBe(false);
    expect(r.plan.blocked.map((b) => [b.name, b.code])).toEqual([[`${P}_intruder`, "not-owned"]]);
    expect(r.plan.blocked[0]?.hint).toContain("docker service rm");
    expect((await versions())[`${P}_intruder`]).toBe(before);
    const again = await planSwarm(desiredFrom(manifest("two"), placement), { store, api });
    expect(again.plan.ops).toEqual([]);
  });

  it("down removes only what is owned", async () => {
    const r = await downSwarm(P, undefined, { store, api });
    expect(r.ok).toBe(true);
    expect(r.plan.ops.map((o) => `${o.kind} ${o.name}`)).toEqual([
      `remove-service ${P}_api`,
      `remove-service ${P}_web`,
      `remove-network ${P}_default`,
    ]);
    expect(Object.keys(await versions())).toEqual([`${P}_intruder`]);
    expect(store.ownedResources(P)).toEqual([]);
  });
});
