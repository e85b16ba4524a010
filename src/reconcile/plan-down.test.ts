import { describe, expect, it } from "vitest";
import { OWNER, observed, ownedContainer, ownership, service } from "../../test/support/desired-fixtures.js";
import { planDown } from "./plan-down.js";
import { renderPlanText } from "./render-plan.js";

const P = "shop";
const mine = { "dev.hostwright.managed": "true", "dev.hostwright.project": P, "dev.hostwright.owner": OWNER };

describe("planDown (golden text)", () => {
  it("removes dependents first, with each service's grace, then the network; keeps retained volumes", () => {
    const db = ownedContainer(P, service("db"), 1);
    const api = ownedContainer(P, service("api"), 1);
    const stopped = ownedContainer(P, service("api"), 2, { state: "exited", exitCode: 0 });
    const foreign = { ...ownedContainer(P, service("x"), 1), labels: {} };
    const o = observed(P, [db, api, stopped, foreign], {
      volumes: [
        { name: `${P}_data`, labels: mine },
        { name: `${P}_cache`, labels: mine },
      ],
    });
    const own = ownership([db, api, stopped]);
    const plan = planDown({
      project: P,
      observed: o,
      ownership: {
        ...own,
        volumes: new Set([`${P}_data`, `${P}_cache`]),
        networks: new Set([`${P}_default`]),
      },
      dependsOn: { api: ["db"] },
      removeVolumes: false,
      stopGraceMs: { api: 2000, db: 30_000 },
      deleteVolumes: new Set([`${P}_cache`]),
    });
    expect(
      renderPlanText(plan).replace(/Plan hash: \w+/, "Plan hash: <hash>"),
    ).toBe(`Project shop: 3 to remove

  - api              remove    down
  - db               remove    down

Operations:
  [1] stop shop-api-1: down
  [2] remove shop-api-1 after #1: down
  [3] remove shop-api-2: down
  [4] stop shop-db-1 after #2,#3: down
  [5] remove shop-db-1 after #4: down
  [6] remove-network shop_default after #2,#3,#5: down
  [7] remove-volume shop_cache after #2,#3,#5: reclaimPolicy: delete

Plan hash: <hash>
`);
    expect(
      plan.ops.filter((op) => op.kind === "stop").map((op) => ("graceMs" in op ? op.graceMs : 0)),
    ).toEqual([2000, 30_000]);
    expect(plan.drift.map((d) => d.kind)).toEqual(["clash"]);
  });

  it("never removes a network or volume it cannot prove it owns", () => {
    const o = observed(P, [], {
      networks: [{ id: "n", name: `${P}_default`, labels: {} }],
      volumes: [{ name: `${P}_data`, labels: mine }],
    });
    const plan = planDown({
      project: P,
      observed: o,
      ownership: ownership([]),
      dependsOn: {},
      removeVolumes: true,
      deleteVolumes: new Set(),
    });
    expect(plan.ops).toEqual([]);
  });
});
