import { describe, expect, it } from "vitest";
import { desired, observed, service } from "../../test/support/desired-fixtures.js";
import { planConvergence } from "./plan.js";

describe("plan hash (golden)", () => {
  it("pins the hash of a fixed input: a change to what is hashed must be a visible decision", () => {
    const d = desired("shop", [service("db"), service("web", { dependsOn: { db: "started" }, replicas: 2 })]);
    const plan = planConvergence({
      desired: d,
      observed: observed("shop", [], { networks: [] }),
      ownership: { ownerId: "owner-1", containers: new Set(), volumes: new Set(), networks: new Set() },
      secretDigests: {},
    });
    expect(plan.ops.map((o) => `${o.id} ${o.kind} ${o.target} ${o.reason.kind}`)).toEqual([
      "1 ensure-network network:shop_default network-missing",
      "2 create container:shop-db-1 missing",
      "3 start container:shop-db-1 start-new",
      "4 create container:shop-web-1 missing",
      "5 start container:shop-web-1 start-new",
      "6 create container:shop-web-2 missing",
      "7 start container:shop-web-2 start-new",
    ]);
    expect(plan.hash).toBe("6b9ea62c7bab3d38d17f2998ac6813d3815e4c22fcd788dfcbf0697ffc6d0405");
  });
});
