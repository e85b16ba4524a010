import { describe, expect, it } from "vitest";
import { service } from "../../test/support/desired-fixtures.js";
import { dependencyOrder, dependentsOf } from "./topo-order.js";

describe("dependencyOrder", () => {
  it("puts dependencies first, in waves, ties by name", () => {
    const s = [
      service("web", { dependsOn: { api: "ready" } }),
      service("api", { dependsOn: { db: "started", cache: "started" } }),
      service("db"),
      service("cache"),
      service("worker", { dependsOn: { db: "started" } }),
    ];
    expect(dependencyOrder(s).map((x) => x.name)).toEqual(["cache", "db", "api", "worker", "web"]);
  });

  it("ignores dependencies on services that are not declared", () => {
    expect(dependencyOrder([service("a", { dependsOn: { gone: "started" } })]).map((x) => x.name)).toEqual([
      "a",
    ]);
  });

  it("reports a cycle instead of looping", () => {
    expect(() =>
      dependencyOrder([
        service("a", { dependsOn: { b: "started" } }),
        service("b", { dependsOn: { a: "started" } }),
      ]),
    ).toThrow(/cycle among a, b/);
  });

  it("finds transitive dependents", () => {
    const s = [
      service("db"),
      service("api", { dependsOn: { db: "started" } }),
      service("web", { dependsOn: { api: "ready" } }),
      service("x"),
    ];
    expect([...dependentsOf(s, "db")].sort()).toEqual(["api", "web"]);
  });
});
