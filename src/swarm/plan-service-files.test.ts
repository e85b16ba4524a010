import { describe, expect, it } from "vitest";
import { OWNER, service } from "../../test/support/desired-fixtures.js";
import type { ClusterObservation, ClusterService } from "../cluster/index.js";
import type { Desired, ServiceSpec } from "../core/index.js";
import { SWARM_SPEC_HASH_LABEL } from "../runtime/swarm/index.js";
import { swarmFileObjectName } from "../runtime/swarm/swarm-file-objects.js";
import { executeSwarmPlan } from "./execute-swarm-plan.js";
import type { ObservedFileObject } from "./plan-file-objects.js";
import { planSwarmServices, type SwarmOwnershipView } from "./plan-services.js";
import { renderSwarmPlan } from "./render-swarm-plan.js";
import type { SwarmPlan } from "./swarm-plan-types.js";

const P = "shop";
const SECRET = "hunter2-very-secret";

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
  files: [{ kind: "secret", name: "pw", source: { file: "/tmp/pw" }, target: "/run/secrets/pw" }],
});
const content = (text: string) => new Map([["web", new Map([["pw", Buffer.from(text)]])]]);
const nameOf = (text: string) => swarmFileObjectName(P, "pw", Buffer.from(text));

/** What the cluster and store look like after a plan was carried out. */
interface World {
  services: ClusterService[];
  files: ObservedFileObject[];
  records: Set<string>;
}

function plan(world: World, text: string, fileObjects = world.files): SwarmPlan {
  const obs: ClusterObservation = {
    project: P,
    observedAt: "2026-01-01T00:00:00.000Z",
    nodes: [],
    services: world.services,
  };
  const ownership: SwarmOwnershipView = {
    record: (kind, name) =>
      world.records.has(`${kind}:${name}`) ? { state: "confirmed", runtimeId: `id-${name}` } : undefined,
  };
  return planSwarmServices({
    desired: desired([web]),
    observation: obs,
    ownerId: OWNER,
    ownership,
    networks: new Map([[`${P}_default`, { owned: true }]]),
    fileObjects,
    fileContent: content(text),
  });
}

/** Runs the plan's effects on the world (as the executor and the manager would). */
function carryOut(world: World, p: SwarmPlan): void {
  for (const op of p.ops) {
    if (op.kind === "create-secret") {
      world.files.push({ kind: "secret", name: op.name, id: `id-${op.name}`, labelled: true });
      world.records.add(`secret:${op.name}`);
    }
    if (op.kind === "remove-secret") {
      world.files = world.files.filter((f) => f.name !== op.name);
      world.records.delete(`secret:${op.name}`);
    }
    if (op.kind === "create-service" || op.kind === "update-service") {
      world.services = [
        {
          name: op.name,
          service: op.service,
          id: `id-${op.name}`,
          owned: true,
          labels: { [SWARM_SPEC_HASH_LABEL]: op.hash },
          versionIndex: 1,
          desiredReplicas: 1,
          tasks: [],
        },
      ];
      world.records.add(`service:${op.name}`);
    }
  }
}

describe("planSwarmServices with files: secrets", () => {
  it("creates the secret before the service, then re-plans to nothing", () => {
    const world: World = { services: [], files: [], records: new Set([`network:${P}_default`]) };
    const first = plan(world, SECRET);
    expect(first.ops.map((o) => o.kind)).toEqual(["create-secret", "create-service"]);
    expect(first.ops[0]).toMatchObject({ name: nameOf(SECRET), declared: "pw", services: ["web"] });
    expect(renderSwarmPlan(first)).toContain(`+ create secret ${nameOf(SECRET)} (for web)`);
    // The content reaches only the create body, never the ops or the rendering.
    expect(JSON.stringify(first.ops)).not.toContain(SECRET);
    expect(JSON.stringify(first.ops)).not.toContain(Buffer.from(SECRET).toString("base64"));
    expect(renderSwarmPlan(first)).not.toContain(SECRET);
    expect(first.fileCreates[nameOf(SECRET)]?.Data).toBe(Buffer.from(SECRET).toString("base64"));
    // The body is hashed with an empty id: the hash does not depend on ids the plan cannot know.
    expect(first.bodies[`${P}_web`]).toMatchObject({
      TaskTemplate: { ContainerSpec: { Secrets: [{ SecretID: "", SecretName: nameOf(SECRET) }] } },
    });
    carryOut(world, first);
    const again = plan(world, SECRET);
    expect(again.ops).toEqual([]);
    expect(again.unchanged).toEqual([`${P}_web`]);
    expect(again.fileIds).toEqual({ [nameOf(SECRET)]: `id-${nameOf(SECRET)}` });
    expect(plan(world, SECRET).hash).toBe(again.hash);
  });

  it("moves the service to a new secret on a content change and removes the old one after", () => {
    const world: World = { services: [], files: [], records: new Set([`network:${P}_default`]) };
    carryOut(world, plan(world, SECRET));
    const changed = plan(world, "new-content");
    expect(changed.ops).toMatchObject([
      { kind: "create-secret", name: nameOf("new-content") },
      { kind: "update-service", name: `${P}_web`, reason: { code: "spec-changed" } },
      {
        kind: "remove-secret",
        name: nameOf(SECRET),
        id: `id-${nameOf(SECRET)}`,
        reason: { code: "unreferenced" },
      },
    ]);
    expect(renderSwarmPlan(changed)).toContain(`- remove secret ${nameOf(SECRET)} (no longer referenced)`);
    carryOut(world, changed);
    expect(plan(world, "new-content").ops).toEqual([]);
  });

  it("blocks the service when its secret name is held by an object that is not ours", () => {
    const world: World = { services: [], files: [], records: new Set([`network:${P}_default`]) };
    const foreign = [{ kind: "secret" as const, name: nameOf(SECRET), id: "x", labelled: false }];
    const p = plan(world, SECRET, foreign);
    expect(p.ops).toEqual([]);
    expect(p.blocked).toMatchObject([{ service: "web", name: nameOf(SECRET), code: "not-owned" }]);
    expect(p.blocked[0]?.hint).toContain(`docker secret rm ${nameOf(SECRET)}`);
  });

  it("sends the real ids: of existing secrets and of those created earlier in the run", async () => {
    const world: World = { services: [], files: [], records: new Set([`network:${P}_default`]) };
    const p = plan(world, SECRET);
    const sent: Record<string, unknown>[] = [];
    const calls: string[] = [];
    const client = {
      json: async (req: { path: string; body?: { Data?: string } }) => {
        calls.push(req.path);
        return { ID: "sec-123" };
      },
    };
    const journal = {
      ownerId: OWNER,
      beginOperation: () => 1,
      finishOperation: () => {},
      intendOwnership: (r: { kind: string; name: string }) => calls.push(`intend ${r.kind} ${r.name}`),
      confirmOwnership: (kind: string, name: string, r: { runtimeId: string }) =>
        calls.push(`confirm ${kind} ${name} ${r.runtimeId}`),
      forgetOwnership: () => {},
    };
    const results = await executeSwarmPlan(p, {
      api: {
        client,
        createService: async (b: Record<string, unknown>) => {
          sent.push(b);
          return "svc-1";
        },
      } as never,
      journal: journal as never,
      planId: "p",
      correlationId: "c",
      emit: () => {},
    });
    expect(results.every((r) => r.outcome === "done")).toBe(true);
    expect(calls.slice(0, 3)).toEqual([
      `intend secret ${nameOf(SECRET)}`,
      "/secrets/create",
      `confirm secret ${nameOf(SECRET)} sec-123`,
    ]);
    expect(sent[0]).toMatchObject({
      TaskTemplate: { ContainerSpec: { Secrets: [{ SecretID: "sec-123", SecretName: nameOf(SECRET) }] } },
    });
  });
});
