import { describe, expect, it } from "vitest";
import { service } from "../../../test/support/desired-fixtures.js";
import { unsupportedFields } from "./unsupported-fields.js";

describe("apple refuses the optional fields it cannot pass to `container create`", () => {
  it("lists each one set, and none for a plain service", () => {
    expect(unsupportedFields(service("api")).map((p) => p.field)).toEqual([]);
    const s = service("api", {
      capAdd: ["NET_ADMIN"],
      healthcheck: { test: ["NONE"] },
      networks: [{ name: "back", aliases: ["b"], ipv4Address: "10.0.0.2" }],
      files: [{ kind: "secret", name: "t", source: { env: "T" }, target: "/run/secrets/t" }],
      volumes: [{ type: "volume", source: "", target: "/anon", readOnly: false }],
    });
    const problems = unsupportedFields(s);
    expect(problems.map((p) => p.field)).toEqual([
      "capAdd",
      "healthcheck",
      "files",
      "networks",
      "networks",
      "networks",
      "volumes",
    ]);
    expect(problems[0]?.reason).toMatch(/not supported on runtime apple/);
  });
});
