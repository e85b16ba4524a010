import { describe, expect, it } from "vitest";
import type { InstanceSpec, ServiceSpec } from "../core/index.js";
import { parseManifest } from "../manifest/index.js";
import { containerCreateSpec } from "./container-spec.js";
import { FILE_VALUE_PREFIX, secretDigest } from "./spec-hash.js";

function api(): ServiceSpec {
  const r = parseManifest("version: 2\nproject: demo\nservices:\n  api: {image: 'busybox:1'}\n", {
    file: "/srv/hostwright.yaml",
    env: {},
  });
  if (!r.ok) throw new Error("manifest");
  const s = r.desired.services[0];
  if (!s) throw new Error("no service");
  return s;
}

const instance = (spec: ServiceSpec): InstanceSpec => ({
  project: "demo",
  service: "api",
  index: 1,
  id: "demo/api/1",
  name: "demo-api-1",
  spec,
});
const opts = { specHash: "h", ownerId: "o", secretValues: {} };

describe("containerCreateSpec", () => {
  it("without the optional fields joins the default network only and passes no options", () => {
    const c = containerCreateSpec(instance(api()), opts);
    expect(c.network).toEqual({ name: "demo_default", aliases: ["api"] });
    expect(c.extraNetworks).toBeUndefined();
    expect(c.options).toBeUndefined();
    expect(c.files).toBeUndefined();
  });

  it("joins several networks with aliases and static IPv4, runtime names from the declared networks", () => {
    const spec: ServiceSpec = {
      ...api(),
      networks: [
        { name: "front", aliases: ["www"], ipv4Address: "172.31.0.5" },
        { name: "back", aliases: [] },
      ],
    };
    const c = containerCreateSpec(instance(spec), {
      ...opts,
      networks: {
        front: { name: "front", runtimeName: "edge", external: true, internal: false, labels: {} },
      },
    });
    expect(c.network).toEqual({ name: "edge", aliases: ["api", "www"] });
    expect(c.ipv4Address).toBe("172.31.0.5");
    expect(c.extraNetworks).toEqual([{ name: "demo_back", aliases: ["api"] }]);
  });

  it("network_mode service:x joins that service's first container and no network", () => {
    const spec: ServiceSpec = {
      ...api(),
      networkMode: { kind: "service", service: "vpn" },
      capAdd: ["NET_ADMIN"],
    };
    const c = containerCreateSpec(instance(spec), opts);
    expect(c.network).toBeUndefined();
    expect(c.options).toEqual({
      networkMode: { kind: "container", container: "demo-vpn-1" },
      capAdd: ["NET_ADMIN"],
    });
  });

  it("file contents become files, never env, and take part in the secret digest", () => {
    const spec: ServiceSpec = {
      ...api(),
      files: [
        { kind: "secret", name: "token", source: { env: "T" }, target: "/run/secrets/token", mode: 0o400 },
      ],
    };
    const values = { [`${FILE_VALUE_PREFIX}/run/secrets/token`]: "s3cret" };
    const c = containerCreateSpec(instance(spec), { ...opts, secretValues: values });
    expect(c.files).toEqual([{ target: "/run/secrets/token", content: "s3cret", mode: 0o400 }]);
    expect(Object.keys(c.env)).toEqual([]);
    const other = { [`${FILE_VALUE_PREFIX}/run/secrets/token`]: "changed" };
    expect(secretDigest("o", values)).not.toBe(secretDigest("o", other));
  });
});
