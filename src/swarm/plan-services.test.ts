import { describe, expect, it } from "vitest";
import { OWNER, service } from "../../test/support/desired-fixtures.js";
import type { ClusterObservation, ClusterService } from "../cluster/index.js";
import type { Desired, ServiceSpec } from "../core/index.js";
import { SWARM_SPEC_HASH_LABEL, serviceBody } from "../runtime/swarm/index.js";
import { planSwarmDown, planSwarmServices, type SwarmOwnershipView } from "./plan-services.js";
import { renderSwarmPlan } from "./render-swarm-plan.js";

const P = "shop";

function desired(services: ServiceSpec[]): Desired {
  return {
    project: P,
    version: 2,
    imagePolicy: "allow-tags",
    volumes: {},
    services,
    instances: [],
    reconcile: {
      mode: "heal",
      resyncMs: 30_000,
      guardrails: { rateLimit: { actions: 5, perMs: 600_000 }, maintenanceWindows: [] },
    },
    sourcePath: "/x/hostwright.yaml",
    canonical: "{}",
    hash: "h",
  };
}

const web = service("web", {
  placement: { nodes: ["n2"], constraints: [], failover: ["n1"], afterMs: 60_000 },
});
const api = service("api", { env: { MODE: "one" } });

function hashOf(s: ServiceSpec, failoverNodes?: string[]): string {
  return serviceBody({
    project: P,
    ownerId: OWNER,
    service: s,
    networkNames: { default: `${P}_default` },
    volumeNames: {},
    ...(failoverNodes ? { failoverNodes } : {}),
  }).hash;
}

function observed(name: string, over: Partial<ClusterService> = {}): ClusterService {
  return {
    name: `${P}_${name}`,
    service: name,
    id: `id-${name}`,
    owned: true,
    labels: {},
    versionIndex: 7,
    desiredReplicas: 1,
    tasks: [],
    ...over,
  };
}

function obs(services: ClusterService[]): ClusterObservation {
  return { project: P, observedAt: "2026-01-01T00:00:00.000Z", nodes: [], services };
}

const allOwned: SwarmOwnershipView = {
  record: (_kind, name) => ({ state: "confirmed", runtimeId: `id-${name.slice(P.length + 1)}` }),
};
const ourNetwork = new Map([[`${P}_default`, { owned: true }]]);

describe("planSwarmServices", () => {
  it("creates the network and every missing service, in a stable order", () => {
    const plan = planSwarmServices({
      desired: desired([web, api]),
      observation: obs([]),
      ownerId: OWNER,
      ownership: { record: () => undefined },
      networks: new Map(),
    });
    expect(renderSwarmPlan(plan)).toBe(`Swarm plan for shop (${plan.hash.slice(0, 12)}):
  + create overlay network shop_default
  + create service shop_api (not present)
  + create service shop_web (not present)
`);
    expect(Object.keys(plan.bodies).sort()).toEqual(["shop_api", "shop_web"]);
  });

  it("is a no-op when every owned service carries the hash of what we would send", () => {
    const current = [
      observed("web", { labels: { [SWARM_SPEC_HASH_LABEL]: hashOf(web) } }),
      observed("api", { labels: { [SWARM_SPEC_HASH_LABEL]: hashOf(api) } }),
    ];
    const plan = planSwarmServices({
      desired: desired([web, api]),
      observation: obs(current),
      ownerId: OWNER,
      ownership: allOwned,
      networks: ourNetwork,
    });
    expect(plan.ops).toEqual([]);
    expect(plan.unchanged).toEqual(["shop_api", "shop_web"]);
  });

  it("updates only the service whose spec changed, at its observed version", () => {
    const current = [
      observed("web", { labels: { [SWARM_SPEC_HASH_LABEL]: hashOf(web) } }),
      observed("api", { labels: { [SWARM_SPEC_HASH_LABEL]: hashOf(api) } }),
    ];
    const changed = { ...api, env: { MODE: "two" } };
    const plan = planSwarmServices({
      desired: desired([web, changed]),
      observation: obs(current),
      ownerId: OWNER,
      ownership: allOwned,
      networks: ourNetwork,
    });
    expect(plan.ops).toMatchObject([
      {
        kind: "update-service",
        name: "shop_api",
        id: "id-api",
        versionIndex: 7,
        reason: { code: "spec-changed" },
      },
    ]);
  });

  it("a failover pins the service to the failover node (reason failover)", () => {
    const current = [
      observed("web", {
        labels: { [SWARM_SPEC_HASH_LABEL]: hashOf(web) },
        constraints: ["node.hostname==n2"],
      }),
    ];
    const plan = planSwarmServices({
      desired: desired([web]),
      observation: obs(current),
      ownerId: OWNER,
      ownership: allOwned,
      networks: ourNetwork,
      failovers: { web: "n1" },
    });
    expect(plan.ops).toMatchObject([{ kind: "update-service", reason: { code: "failover", to: "n1" } }]);
    const body = plan.bodies.shop_web as { TaskTemplate: { Placement: { Constraints: string[] } } };
    expect(body.TaskTemplate.Placement.Constraints).toEqual(["node.hostname==n1"]);
  });

  it("blocks on a service with our name that is not provably ours, and never plans to touch it", () => {
    const foreign = observed("web", { owned: false, labels: {} });
    const noRecord = observed("api", { labels: { [SWARM_SPEC_HASH_LABEL]: "old" } });
    const plan = planSwarmServices({
      desired: desired([web, api]),
      observation: obs([foreign, noRecord]),
      ownerId: OWNER,
      ownership: { record: () => undefined },
      networks: new Map(),
    });
    expect(plan.ops.map((o) => o.kind)).toEqual(["ensure-network"]);
    expect(plan.blocked.map((b) => [b.name, b.code])).toEqual([
      ["shop_api", "not-owned"],
      ["shop_web", "not-owned"],
    ]);
  });

  it("a foreign network with our name blocks it and every service on it (nothing joins it)", () => {
    const plan = planSwarmServices({
      desired: desired([api]),
      observation: obs([]),
      ownerId: OWNER,
      ownership: { record: () => undefined },
      networks: new Map([[`${P}_default`, { owned: false }]]),
    });
    expect(plan.ops).toEqual([]);
    expect(plan.blocked.map((b) => b.name)).toEqual(["shop_api", "shop_default"]);
  });

  it("removes an owned service that is no longer declared, and down removes only owned ones", () => {
    const gone = observed("old");
    const foreign = observed("intruder", { owned: false });
    const plan = planSwarmServices({
      desired: desired([]),
      observation: obs([gone, foreign]),
      ownerId: OWNER,
      ownership: allOwned,
      networks: ourNetwork,
    });
    expect(plan.ops).toMatchObject([
      { kind: "remove-service", name: "shop_old", reason: { code: "not-declared" } },
    ]);
    const down = planSwarmDown({
      project: P,
      observation: obs([gone, foreign]),
      ownerId: OWNER,
      ownership: allOwned,
      networks: ourNetwork,
    });
    expect(down.ops.map((o) => `${o.kind} ${o.name}`)).toEqual([
      "remove-service shop_old",
      "remove-network shop_default",
    ]);
  });

  it("an intended record (a run that crashed after create) still proves ownership", () => {
    const current = [observed("api", { id: "other-id", labels: { [SWARM_SPEC_HASH_LABEL]: hashOf(api) } })];
    const plan = planSwarmServices({
      desired: desired([api]),
      observation: obs(current),
      ownerId: OWNER,
      ownership: { record: () => ({ state: "intended" }) },
      networks: ourNetwork,
    });
    expect(plan.blocked).toEqual([]);
    expect(plan.ops).toEqual([]);
  });

  it("gives the same plan hash for the same inputs", () => {
    const input = {
      desired: desired([web, api]),
      observation: obs([]),
      ownerId: OWNER,
      ownership: { record: () => undefined },
      networks: new Map(),
    };
    expect(planSwarmServices(input).hash).toBe(planSwarmServices(input).hash);
  });
});
