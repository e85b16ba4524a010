import { describe, expect, it } from "vitest";
import {
  desired,
  observed,
  ownedContainer,
  ownership,
  service,
} from "../../test/support/desired-fixtures.js";
import { buildStatus } from "./status-model.js";

describe("buildStatus: the project summary is its worst service", () => {
  const web = service("web");
  const db = service("db");
  const d = desired("shop", [web, db]);
  const both = [ownedContainer("shop", web, 1), ownedContainer("shop", db, 1)];
  const summaries = (containers = both, health: (n: string) => string = () => "healthy") => {
    const s = buildStatus(d, observed("shop", containers), ownership(containers), {}, health);
    return [s.summary, ...s.services.map((x) => `${x.name}:${x.summary}`)];
  };

  it("nominal, degraded (a missing container), unstable (an unhealthy one) outranks degraded", () => {
    expect(summaries()).toEqual(["nominal", "db:nominal", "web:nominal"]);
    expect(summaries([both[0]!])).toEqual(["degraded", "db:degraded", "web:nominal"]);
    expect(summaries([both[0]!], (name) => (name.startsWith("shop-web") ? "unhealthy" : "healthy"))).toEqual([
      "unstable",
      "db:degraded",
      "web:unstable",
    ]);
  });
});
