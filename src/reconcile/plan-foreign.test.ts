import { describe, expect, it } from "vitest";
import {
  desired,
  observed,
  ownedContainer,
  ownership,
  service,
} from "../../test/support/desired-fixtures.js";
import { planConvergence } from "./plan.js";

const P = "shop";
const data = { type: "volume" as const, source: "data", target: "/data", readOnly: false };

describe("networks and volumes we do not own are never adopted", () => {
  it("blocks the whole project when <project>_default exists unowned (hand-made or Compose-made)", () => {
    const compose = { "com.docker.compose.project": P, "com.docker.compose.network": "default" };
    const d = desired(P, [service("db"), service("web", { dependsOn: { db: "started" } })]);
    const o = observed(P, [], { networks: [{ id: "n9", name: `${P}_default`, labels: compose }] });
    const plan = planConvergence({ desired: d, observed: o, ownership: ownership([]), secretDigests: {} });
    expect(plan.ops).toEqual([]);
    expect(plan.blocked.map((b) => b.service)).toEqual(["db", "web"]);
    expect(plan.blocked[0]?.reason).toMatch(
      /^network shop_default exists and is not owned by this project; remove or rename it/,
    );
    expect(plan.services.every((s) => s.action === "blocked")).toBe(true);
  });

  it("blocks only the services that mount an unowned <project>_<volume>, and their dependents", () => {
    const d = desired(
      P,
      [
        service("db", { volumes: [data] }),
        service("api", { dependsOn: { db: "started" } }),
        service("cache"),
      ],
      ["data"],
    );
    const o = observed(P, [], { volumes: [{ name: `${P}_data`, labels: {} }] });
    const plan = planConvergence({ desired: d, observed: o, ownership: ownership([]), secretDigests: {} });
    expect(plan.blocked.map((b) => b.service)).toEqual(["api", "db"]);
    expect(plan.blocked.find((b) => b.service === "db")?.reason).toContain(
      "volume shop_data exists and is not owned",
    );
    expect(plan.ops.map((op) => op.target)).toEqual(["container:shop-cache-1", "container:shop-cache-1"]);
    expect(plan.ops.some((op) => op.kind === "ensure-volume")).toBe(false);
  });

  it("uses a network/volume this store created (labels with our owner id), without planning it again", () => {
    const d = desired(P, [service("db", { volumes: [data] })], ["data"]);
    const mine = ownedContainer(P, service("db"), 1).labels;
    const o = observed(P, [], { volumes: [{ name: `${P}_data`, labels: mine }] });
    const plan = planConvergence({ desired: d, observed: o, ownership: ownership([]), secretDigests: {} });
    expect(plan.blocked).toEqual([]);
    expect(plan.ops.map((op) => op.kind)).toEqual(["create", "start"]);
  });
});

describe("leftovers and the declared grace", () => {
  it("stops a leftover of an interrupted start-first update with its service's stopGracePeriod", () => {
    const web = service("web", { stopGracePeriodMs: 42_000 });
    const left = {
      ...ownedContainer(P, web, 1),
      id: "dead".padEnd(64, "0"),
      name: "shop-web-1-old-deadbeef0000",
    };
    const cs = [ownedContainer(P, web, 1), left];
    const plan = planConvergence({
      desired: desired(P, [web]),
      observed: observed(P, cs),
      ownership: ownership(cs),
      secretDigests: {},
    });
    const stop = plan.ops.find((op) => op.kind === "stop");
    expect(stop && "graceMs" in stop ? stop.graceMs : undefined).toBe(42_000);
  });
});
