import { describe, expect, it } from "vitest";
import {
  desired,
  OWNER,
  observed,
  ownedContainer,
  ownership,
  service,
} from "../../test/support/desired-fixtures.js";
import { planConvergence } from "./plan.js";
import type { PlanInput } from "./plan-input.js";
import { renderPlanText } from "./render-plan.js";

const P = "shop";
const text = (input: PlanInput) =>
  renderPlanText(planConvergence(input)).replace(/Plan hash: \w+/, "Plan hash: <hash>");
const input = (
  d: PlanInput["desired"],
  o: PlanInput["observed"],
  over: Partial<PlanInput> = {},
): PlanInput => ({
  desired: d,
  observed: o,
  ownership: ownership(o.containers),
  secretDigests: {},
  ...over,
});

describe("planConvergence (golden text)", () => {
  it("creates everything for a fresh project, dependencies first, shared prerequisites once", () => {
    const db = service("db", {
      volumes: [{ type: "volume", source: "data", target: "/data", readOnly: false }],
      probes: {
        readiness: {
          action: { kind: "tcp", port: 5432 },
          intervalMs: 1000,
          timeoutMs: 1000,
          failureThreshold: 3,
          successThreshold: 1,
          initialDelayMs: 0,
        },
      },
    });
    const api = service("api", { image: "example/api:2", dependsOn: { db: "ready" }, replicas: 2 });
    const d = desired(P, [api, db], ["data"]);
    const o = observed(P, [], { networks: [] });
    expect(text(input(d, o))).toBe(`Project shop: 3 to create

  + api              create    create 2: no container
  + db               create    create 1: no container

Operations:
  [1] ensure-network shop_default: project network missing
  [2] ensure-volume shop_data: volume missing
  [3] ensure-image example/api:2: image not present locally
  [4] create shop-db-1 after #1,#2: missing: no container
  [5] start shop-db-1 after #4: start the new container
  [6] await shop-db-1 ready after #5: a dependent waits for db to be ready
  [7] create shop-api-1 after #1,#3: missing: no container
  [8] start shop-api-1 after #6,#7: start the new container
  [9] create shop-api-2 after #1,#3: missing: no container
  [10] start shop-api-2 after #6,#9: start the new container

Plan hash: <hash>
`);
  });

  it("is a no-op when everything is converged", () => {
    const web = service("web");
    const c = ownedContainer(P, web, 1);
    const plan = planConvergence(input(desired(P, [web]), observed(P, [c])));
    expect(plan.ops).toEqual([]);
    expect(renderPlanText(plan)).toBe("Project shop: no changes. Already converged.\n");
  });

  it("starts a stopped container in place", () => {
    const web = service("web");
    const c = ownedContainer(P, web, 1, { state: "exited", exitCode: 137 });
    expect(text(input(desired(P, [web]), observed(P, [c])))).toBe(`Project shop: 1 to start

  > web              start     start 1: exited with code 137

Operations:
  [1] start shop-web-1: stopped: exited with code 137

Plan hash: <hash>
`);
  });

  it("waits for a container that is being removed instead of acting on it", () => {
    const web = service("web");
    const c = ownedContainer(P, web, 1, { state: "removing" });
    expect(planConvergence(input(desired(P, [web]), observed(P, [c]))).ops).toEqual([]);
  });

  it("leaves a finished one-shot job alone (restart policy no)", () => {
    const job = service("migrate", {
      restart: { policy: "no", backoff: { initialMs: 1000, maxMs: 60_000 } },
    });
    const c = ownedContainer(P, job, 1, { state: "exited", exitCode: 0 });
    expect(planConvergence(input(desired(P, [job]), observed(P, [c]))).ops).toEqual([]);
  });

  it("recreates start-first and names the changed fields", () => {
    const before = service("api", { env: { API_URL: "http://old", LOG: "1" } });
    const after = service("api", {
      env: { API_URL: "http://new", LOG: "1" },
      image: "hostwright.local/busybox:1",
    });
    const c = ownedContainer(P, before, 1);
    expect(
      text(input(desired(P, [after]), observed(P, [c]), { history: [before] })),
    ).toBe(`Project shop: 1 to recreate

  ~ api              recreate  recreate 1 start-first (update.maxSurge allows a surge container): spec changed: env API_URL

Operations:
  [1] rename shop-api-1 → shop-api-1-old-c0ffeec0ffee: spec changed: env API_URL; keep the old container until the new one is up
  [2] create shop-api-1 after #1: spec changed: env API_URL
  [3] start shop-api-1 after #2: start the replacement
  [4] await shop-api-1 running after #3: the replacement must be up before the old container goes
  [5] stop shop-api-1-old-c0ffeec0ffee after #4: replaced
  [6] remove shop-api-1-old-c0ffeec0ffee after #5: replaced

Plan hash: <hash>
`);
  });

  it("recreates stop-first when a fixed host port forbids two containers, and says why", () => {
    const port = { hostIP: "127.0.0.1", host: 18080, container: 8080, protocol: "tcp" as const };
    const before = service("web", { ports: [port], image: "web:1" });
    const after = service("web", { ports: [port], image: "web:2" });
    const c = ownedContainer(P, before, 1);
    const o = observed(P, [c], { images: { "web:2": "sha256:2222" } });
    expect(text(input(desired(P, [after]), o, { history: [before] }))).toBe(`Project shop: 1 to recreate

  ~ web              recreate  recreate 1 stop-first (fixed host port 127.0.0.1:18080 cannot be bound twice): spec changed: image

Operations:
  [1] stop shop-web-1: spec changed: image
  [2] remove shop-web-1 after #1: spec changed: image
  [3] create shop-web-1 after #2: spec changed: image
  [4] start shop-web-1 after #3: start the replacement

Plan hash: <hash>
`);
  });

  it("detects an image that moved under its tag", () => {
    const web = service("web");
    const c = ownedContainer(P, web, 1, { imageId: "sha256:aaaaaaaaaaaaaaaa" });
    const o = observed(P, [c], { images: { "hostwright.local/busybox:1": "sha256:bbbbbbbbbbbbbbbb" } });
    const plan = planConvergence(input(desired(P, [web]), o));
    expect(plan.drift).toEqual([
      {
        kind: "modified",
        service: "web",
        name: "shop-web-1",
        index: 1,
        detail: "image hostwright.local/busybox:1 moved: now bbbbbbbbbbbb, container runs aaaaaaaaaaaa",
      },
    ]);
    expect(plan.ops.map((o) => o.kind)).toEqual(["rename", "create", "start", "await", "stop", "remove"]);
  });

  it("falls back to the hash when no earlier spec explains the change", () => {
    const web = service("web");
    const c = ownedContainer(P, web, 1, { specHash: "f".repeat(64) });
    const plan = planConvergence(input(desired(P, [web]), observed(P, [c])));
    expect(plan.services[0]?.detail).toContain(
      `spec changed: hash ffffffffffff → ${web.specHash.slice(0, 12)}`,
    );
  });

  it("scales 6 → 10 by creating the 4 missing replicas", () => {
    const six = service("w", { replicas: 6 });
    const ten = service("w", { replicas: 10 });
    const cs = [1, 2, 3, 4, 5, 6].map((n) => ownedContainer(P, six, n));
    const plan = planConvergence(input(desired(P, [ten]), observed(P, cs)));
    expect(plan.ops.filter((o) => o.kind === "create").map((o) => o.target)).toEqual([
      "container:shop-w-7",
      "container:shop-w-8",
      "container:shop-w-9",
      "container:shop-w-10",
    ]);
  });

  it("scales 10 → 6 by removing the highest 4", () => {
    const ten = service("w", { replicas: 10 });
    const six = service("w", { replicas: 6 });
    const cs = Array.from({ length: 10 }, (_, k) => ownedContainer(P, ten, k + 1));
    expect(text(input(desired(P, [six]), observed(P, cs)))).toBe(`Project shop: 4 to remove

  ± w                scale     remove 4 extra replica(s)

Operations:
  [1] stop shop-w-10: scale down: replica above declared 6
  [2] remove shop-w-10 after #1: scale down: replica above declared 6
  [3] stop shop-w-9: scale down: replica above declared 6
  [4] remove shop-w-9 after #3: scale down: replica above declared 6
  [5] stop shop-w-8: scale down: replica above declared 6
  [6] remove shop-w-8 after #5: scale down: replica above declared 6
  [7] stop shop-w-7: scale down: replica above declared 6
  [8] remove shop-w-7 after #7: scale down: replica above declared 6

Plan hash: <hash>
`);
  });

  it("removes orphans: owned containers of services no longer declared", () => {
    const web = service("web");
    const old = service("old");
    const cs = [ownedContainer(P, web, 1), ownedContainer(P, old, 1, { state: "exited", exitCode: 0 })];
    expect(text(input(desired(P, [web]), observed(P, cs)))).toBe(`Project shop: 1 to remove

  - old              remove    no longer declared

Operations:
  [1] remove shop-old-1: orphan: service no longer declared

Plan hash: <hash>
`);
  });

  it("blocks a service whose name is taken by an unowned container, and its dependents; never touches it", () => {
    const db = service("db");
    const api = service("api", { dependsOn: { db: "started" } });
    const web = service("web");
    const intruder = { ...ownedContainer(P, db, 1), labels: {} };
    const o = observed(P, [], { clashes: [intruder] });
    const plan = planConvergence(input(desired(P, [api, db, web]), o));
    expect(plan.blocked).toEqual([
      {
        service: "api",
        reason:
          "depends on blocked service db (name clash: shop-db-1 exists and it has no hostwright labels for this project)",
      },
      {
        service: "db",
        reason: "name clash: shop-db-1 exists and it has no hostwright labels for this project",
      },
    ]);
    expect(plan.ops.map((o) => o.target)).toEqual(["container:shop-web-1", "container:shop-web-1"]);
    expect(plan.ops.some((o) => "runtimeId" in o && o.runtimeId === intruder.id)).toBe(false);
  });

  it("treats our labels with another store's owner id, or with no store record, as foreign", () => {
    const web = service("web");
    const other = ownedContainer(P, web, 1, { owner: "11111111-2222-4333-8444-555555555555" });
    const a = planConvergence(input(desired(P, [web]), observed(P, [other])));
    expect(a.blocked[0]?.reason).toContain("belongs to another hostwright state store");
    expect(a.ops).toEqual([]);
    const unrecorded = ownedContainer(P, web, 1);
    const b = planConvergence({
      ...input(desired(P, [web]), observed(P, [unrecorded])),
      ownership: { ...ownership([]), ownerId: OWNER },
    });
    expect(b.blocked[0]?.reason).toContain("no ownership record");
    // A foreign container that is not in our way is reported, never removed.
    const stray = ownedContainer(P, service("gone"), 1, { owner: "someone-else" });
    const c = planConvergence(input(desired(P, [web]), observed(P, [ownedContainer(P, web, 1), stray])));
    expect(c.ops).toEqual([]);
    expect(c.drift.map((d) => d.kind)).toEqual(["clash"]);
  });

  it("removes leftovers of an interrupted start-first update", () => {
    const web = service("web");
    const left = {
      ...ownedContainer(P, web, 1),
      id: "dead".padEnd(64, "0"),
      name: "shop-web-1-old-deadbeef0000",
    };
    const plan = planConvergence(input(desired(P, [web]), observed(P, [ownedContainer(P, web, 1), left])));
    expect(plan.ops.map((o) => `${o.kind} ${o.target}`)).toEqual([
      "stop container:shop-web-1-old-deadbeef0000",
      "remove container:shop-web-1-old-deadbeef0000",
    ]);
  });

  it("rolls replicas one at a time, and all at once with strategy recreate", () => {
    const before = service("w", { replicas: 2, env: { A: "1" } });
    const after = service("w", { replicas: 2, env: { A: "2" } });
    const cs = [1, 2].map((n) => ownedContainer(P, before, n, { id: `id${n}`.padEnd(64, "0") }));
    const rolling = planConvergence(input(desired(P, [after]), observed(P, cs)));
    const secondRename = rolling.ops.find((o) => o.kind === "rename" && o.name === "shop-w-2");
    expect(secondRename?.dependsOn).toEqual([6]);
    const all = service("w", {
      replicas: 2,
      env: { A: "2" },
      update: { ...after.update, strategy: "recreate" },
    });
    const recreate = planConvergence(input(desired(P, [all]), observed(P, cs)));
    expect(recreate.ops.filter((o) => o.kind === "stop").every((o) => o.dependsOn.length === 0)).toBe(true);
  });

  it("a rotated secret recreates the container and says so", () => {
    const web = service("web", {
      secretEnv: { DB_PASSWORD: { ref: "env://DB_PASSWORD", scheme: "env", target: "DB_PASSWORD" } },
    });
    const c = ownedContainer(P, web, 1, { specHash: "0".repeat(64) });
    const plan = planConvergence(
      input(desired(P, [web]), observed(P, [c]), { secretDigests: { web: "abc" }, history: [web] }),
    );
    expect(plan.services[0]?.detail).toContain("spec changed: secret value rotated");
    expect(JSON.stringify(plan)).not.toContain("hunter2");
  });

  it("gives equal plans equal hashes and different plans different hashes", () => {
    const web = service("web");
    const d = desired(P, [web]);
    const a = planConvergence(input(d, observed(P, [])));
    const b = planConvergence(input(d, observed(P, [], { takenAt: "2030-01-01T00:00:00Z" })));
    const c = planConvergence(
      input(d, observed(P, [ownedContainer(P, web, 1, { state: "exited", exitCode: 1 })])),
    );
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
  });
});

describe("unhealthy instances and restricted plans", () => {
  it("restarts an unhealthy container in place (stop, start), never recreates it", () => {
    const web = service("web");
    const c = ownedContainer(P, web, 1);
    const plan = planConvergence({
      ...input(desired(P, [web]), observed(P, [c])),
      unhealthy: new Set([c.name]),
    });
    expect(plan.ops.map((o) => `${o.kind} ${o.target} ${o.dependsOn.join(",")}`)).toEqual([
      "stop container:shop-web-1 ",
      "start container:shop-web-1 1",
    ]);
    expect(plan.drift[0]?.kind).toBe("unhealthy");
  });

  it("restrictPlan keeps one service's ops with their prerequisites and gates, and rehashes", async () => {
    const { restrictPlan } = await import("./restrict-plan.js");
    const db = service("db", {
      probes: {
        readiness: {
          action: { kind: "tcp", port: 1 },
          intervalMs: 1,
          timeoutMs: 1,
          failureThreshold: 1,
          successThreshold: 1,
          initialDelayMs: 0,
        },
      },
    });
    const api = service("api", { dependsOn: { db: "ready" } });
    const web = service("web");
    const full = planConvergence(
      input(desired(P, [api, db, web]), observed(P, [ownedContainer(P, db, 1)], { networks: [] })),
    );
    const only = restrictPlan(full, new Set(["api"]));
    expect(only.ops.map((o) => `${o.id} ${o.kind} ${o.target} ${o.dependsOn.join(",")}`)).toEqual([
      "1 ensure-network network:shop_default ",
      "4 await container:shop-db-1 ",
      "5 create container:shop-api-1 1",
      "6 start container:shop-api-1 4,5",
    ]);
    expect(only.hash).not.toBe(full.hash);
  });
});

describe("restrictPlan with a selector", () => {
  it("keeps a whole start-first chain when its instance is selected, and nothing of other instances", async () => {
    const { restrictPlan } = await import("./restrict-plan.js");
    const before = service("w", {
      replicas: 2,
      env: { A: "1" },
      update: {
        strategy: "recreate",
        maxSurge: 1,
        maxUnavailable: 0,
        progressDeadlineMs: 1000,
        failureAction: "rollback",
      },
    });
    const after = service("w", {
      replicas: 2,
      env: { A: "2" },
      update: { ...before.update, strategy: "rolling" },
    });
    const cs = [1, 2].map((n) => ownedContainer(P, before, n, { id: `id${n}`.padEnd(64, "0") }));
    const full = planConvergence(input(desired(P, [after]), observed(P, cs)));
    const only = restrictPlan(full, new Set(), (op) => "name" in op && op.name === "shop-w-1");
    expect(only.ops.map((o) => `${o.kind} ${"name" in o ? o.name : ""}`)).toEqual([
      "rename shop-w-1",
      "create shop-w-1",
      "start shop-w-1",
      "await shop-w-1",
      "stop shop-w-1-old-id1000000000",
      "remove shop-w-1-old-id1000000000",
    ]);
  });
});
