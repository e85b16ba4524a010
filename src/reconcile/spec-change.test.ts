import { describe, expect, it } from "vitest";
import { service } from "../../test/support/desired-fixtures.js";
import { describeSpecChange } from "./spec-change.js";

describe("describeSpecChange for built services", () => {
  it("names the context files that changed, not the derived tag", () => {
    const build = { context: "/src", dockerfile: "Dockerfile", args: {}, labels: {} };
    const a = service("web", {
      image: "p-web:hw-aaa",
      build: { ...build, contextFiles: { "server.sh": "1", Dockerfile: "d" } },
    });
    const b = service("web", {
      image: "p-web:hw-bbb",
      build: { ...build, contextFiles: { "server.sh": "2", Dockerfile: "d" } },
    });
    expect(describeSpecChange(a, b)).toEqual(["build context changed: server.sh"]);
    const c = service("web", {
      image: "p-web:hw-ccc",
      build: { ...build, args: { V: "2" }, contextFiles: { "server.sh": "1", Dockerfile: "d" } },
    });
    expect(describeSpecChange(a, c)).toEqual(["build args"]);
  });
});
