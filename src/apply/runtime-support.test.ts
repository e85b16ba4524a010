import { describe, expect, it } from "vitest";
import { desired, service } from "../../test/support/desired-fixtures.js";
import type { Capabilities } from "../core/index.js";
import { FakeRuntime } from "../runtime/fake/index.js";
import { assertRuntimeSupports, unsupportedFields } from "./runtime-support.js";

const none = {
  udp: false,
  tmpfs: false,
  fractionalCpus: false,
  ephemeralHostPorts: false,
  init: false,
  readOnlyRootFilesystem: false,
  shmSize: false,
  user: false,
} as Capabilities;

describe("runtime support", () => {
  it("names each field the capabilities rule out", () => {
    const d = desired("shop", [service("web", { init: true, resources: { cpus: 1.5 } })]);
    expect(unsupportedFields("x", none, d)).toEqual([
      "services.web.resources.cpus: fractional cpus (1.5) is not supported on runtime x",
      "services.web.init is not supported on runtime x",
    ]);
  });

  it("refuses placement on a runtime without the placement capability, with the swarm hint", () => {
    const placement = { nodes: ["n1"], constraints: [], failover: [], afterMs: 0 };
    const d = desired("shop", [service("web", { placement })]);
    expect(unsupportedFields("docker", none, d)).toEqual([
      "services.web.placement: placement needs --runtime swarm (docker runs on one machine)",
    ]);
    expect(unsupportedFields("swarm", { ...none, placement: true }, d)).toEqual([]);
  });

  it("does not repeat an adapter's limit for a field the capabilities already reported", () => {
    const rt = new FakeRuntime();
    const d = desired("shop", [service("web", { init: true, resources: { cpus: 1.5 } })]);
    Object.assign(rt, {
      unsupportedFields: () => [
        { field: "init", reason: "again" },
        { field: "resources.cpus", reason: "again" },
        { field: "resources.memory", reason: "too small" },
      ],
    });
    const err = (() => {
      try {
        assertRuntimeSupports(rt, none, d);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toBe(
      "services.web.resources.cpus: fractional cpus (1.5) is not supported on runtime fake; services.web.init is not supported on runtime fake; services.web.resources.memory: too small",
    );
  });
});
