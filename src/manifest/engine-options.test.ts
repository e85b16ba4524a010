import { describe, expect, it } from "vitest";
import type { ServiceSpec } from "../core/index.js";
import { parseManifest } from "./index.js";

function api(...lines: string[]): ServiceSpec {
  const source = [
    "version: 2",
    "project: demo",
    "services:",
    "  api:",
    "    image: busybox:1",
    ...lines.map((l) => `    ${l}`),
  ].join("\n");
  const r = parseManifest(`${source}\n`, { file: "/srv/hostwright.yaml", env: {} });
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  const s = r.desired.services[0];
  if (!s) throw new Error("no service");
  return s;
}

describe("engine-level service options in hostwright.yaml", () => {
  it("normalise into the Desired fields", () => {
    const s = api(
      "hostname: web",
      "capAdd: [cap_net_admin, SYS_TIME, NET_ADMIN]",
      "privileged: true",
      "sysctls: {net.core.somaxconn: 1024}",
      "ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 64}",
      "extraHosts: {db.local: 10.0.0.5}",
      "dns: [9.9.9.9]",
      "tty: true",
      "platform: linux/amd64",
      "stopSignal: SIGQUIT",
      "expose: [9000, 80, 9000]",
    );
    expect(s).toMatchObject({
      hostname: "web",
      capAdd: ["NET_ADMIN", "SYS_TIME"],
      privileged: true,
      sysctls: { "net.core.somaxconn": "1024" },
      ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: { soft: 64, hard: 64 } },
      extraHosts: [{ host: "db.local", ip: "10.0.0.5" }],
      dns: ["9.9.9.9"],
      tty: true,
      platform: "linux/amd64",
      stopSignal: "SIGQUIT",
      expose: [80, 9000],
    });
  });

  it("defaults leave the spec hash unchanged, a set option changes it", () => {
    const plain = api().specHash;
    expect(api("privileged: false", "tty: false", "capAdd: []").specHash).toBe(plain);
    expect(api("capAdd: [NET_ADMIN]").specHash).not.toBe(plain);
    expect(api("capAdd: [cap_net_admin]").specHash).toBe(api("capAdd: [NET_ADMIN]").specHash);
  });
});
