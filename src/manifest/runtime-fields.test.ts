import { describe, expect, it } from "vitest";
import { parseManifest } from "./index.js";

const parse = (...lines: string[]) =>
  parseManifest(`${["version: 2", "project: demo", ...lines].join("\n")}\n`, {
    file: "/srv/app/hostwright.yaml",
    env: {},
  });

function ok(...lines: string[]) {
  const r = parse(...lines);
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics, null, 2));
  return r.desired;
}

function errors(...lines: string[]): string[] {
  const r = parse(...lines);
  if (r.ok) throw new Error("expected errors");
  return r.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => `${d.line}:${d.col} ${d.path} ${d.code}: ${d.message}${d.hint ? ` (${d.hint})` : ""}`);
}

describe("Compose-grade native keys", () => {
  it("normalise into the Desired fields", () => {
    const d = ok(
      "networks:",
      "  front: {}",
      "  back: {internal: true, labels: {tier: back}, ipam: {config: [{subnet: 172.30.0.0/24}]}}",
      "  shared: {external: true, name: corp-net}",
      "volumes:",
      "  data: {driver: local, driverOpts: {type: tmpfs, device: tmpfs}}",
      "  old: {external: true}",
      "services:",
      "  api:",
      "    build: {context: ./api, dockerfile: Containerfile, target: prod, args: {V: 1}}",
      "    pullPolicy: build",
      "    networks: {front: {aliases: [web, api]}, back: {ipv4Address: 172.30.0.10}}",
      "    containerName: my-api",
      "    devices: [/dev/null:/dev/xnull:r]",
      "    logging: {driver: json-file, options: {max-size: 10m}}",
      "    healthcheck: {test: [CMD, true], interval: 5s, retries: 3, startPeriod: 1s}",
      "    secrets: {db_password: {file: ./db.txt}}",
      "    configs: {app.conf: {content: 'a=1', target: /etc/app.conf, mode: '0444'}}",
      "    runtime: runc",
      "    resources: {memory: 64MiB, reservations: {memory: 32MiB, cpus: 0.25}, pidsLimit: 100}",
      "    volumes:",
      "      - /cache",
      "      - {type: volume, source: data, target: /data, volume: {nocopy: true, subpath: sub}}",
      "      - {type: tmpfs, target: /tmp, tmpfs: {size: 8MiB, mode: '1777'}}",
      "      - {type: bind, source: ./conf, target: /conf, bind: {createHostPath: false, selinux: z}}",
      "    dependsOn: {worker: {condition: completed, required: false, restart: true}}",
      "  worker:",
      "    image: busybox:1",
      "    networkMode: service:api",
    );
    const api = d.services.find((s) => s.name === "api");
    expect(api).toMatchObject({
      build: {
        context: "/srv/app/api",
        dockerfile: "Containerfile",
        target: "prod",
        args: { V: "1" },
        labels: {},
      },
      pullPolicy: "build",
      networks: [
        { name: "back", aliases: [], ipv4Address: "172.30.0.10" },
        { name: "front", aliases: ["api", "web"] },
      ],
      containerName: "my-api",
      devices: [{ host: "/dev/null", container: "/dev/xnull", permissions: "r" }],
      logging: { driver: "json-file", options: { "max-size": "10m" } },
      healthcheck: { test: ["CMD", "true"], intervalMs: 5000, retries: 3, startPeriodMs: 1000 },
      files: [
        {
          kind: "config",
          name: "app.conf",
          source: { content: "a=1" },
          target: "/etc/app.conf",
          mode: 0o444,
        },
        {
          kind: "secret",
          name: "db_password",
          source: { file: "/srv/app/db.txt" },
          target: "/run/secrets/db_password",
        },
      ],
      runtime: "runc",
      resources: {
        memoryBytes: 64 * 1024 * 1024,
        reservations: { memoryBytes: 32 * 1024 * 1024, cpus: 0.25 },
        pidsLimit: 100,
      },
      volumes: [
        { type: "volume", source: "", target: "/cache", readOnly: false },
        { type: "volume", source: "data", target: "/data", volume: { nocopy: true, subpath: "sub" } },
        { type: "tmpfs", target: "/tmp", tmpfs: { sizeBytes: 8 * 1024 * 1024, mode: 0o1777 } },
        { type: "bind", source: "/srv/app/conf", bind: { createHostPath: false, selinux: "z" } },
      ],
      dependsOn: { worker: "completed" },
      dependsOnOptions: { worker: { required: false, restart: true } },
    });
    expect(d.services.find((s) => s.name === "worker")?.networkMode).toEqual({
      kind: "service",
      service: "api",
    });
    expect(d.networks).toMatchObject({
      front: { runtimeName: "demo_front", external: false, internal: false },
      back: {
        runtimeName: "demo_back",
        internal: true,
        labels: { tier: "back" },
        ipam: { config: [{ subnet: "172.30.0.0/24" }] },
      },
      shared: { runtimeName: "corp-net", external: true },
    });
    expect(d.volumes).toMatchObject({
      data: { driver: "local", driverOpts: { type: "tmpfs", device: "tmpfs" } },
      old: { external: true, runtimeName: "old" },
    });
    expect(d.instances.find((i) => i.service === "api")?.name).toBe("my-api");
    expect(d.instances[0]?.runtimeNames).toEqual({
      networks: { shared: "corp-net" },
      volumes: { old: "old" },
    });
  });

  it("keeps the hash of a manifest that uses none of them", () => {
    const d = ok("services:", "  api:", "    image: busybox:1");
    expect(d.networks).toBeUndefined();
    expect(Object.keys(d.services[0] ?? {})).not.toContain("healthcheck");
  });

  it("healthcheck: none disables the image's own; a string is CMD-SHELL", () => {
    const a = ok("services:", "  a:", "    image: busybox:1", "    healthcheck: none");
    expect(a.services[0]?.healthcheck).toEqual({ test: ["NONE"] });
    const b = ok("services:", "  a:", "    image: busybox:1", "    healthcheck: {test: 'wget -q localhost'}");
    expect(b.services[0]?.healthcheck).toEqual({ test: ["CMD-SHELL", "wget -q localhost"] });
  });

  it("a healthcheck satisfies dependsOn ready (the engine's health decides)", () => {
    ok(
      "services:",
      "  db:",
      "    image: busybox:1",
      "    healthcheck: {test: [CMD, true]}",
      "  web:",
      "    image: busybox:1",
      "    dependsOn: {db: ready}",
    );
  });

  it("reports each mistake at its line and column, with a hint", () => {
    expect(
      errors(
        "networks: {front: {drivr: bridge}, ext: {external: true, driver: x}}",
        "services:",
        "  api:",
        "    image: busybox:1",
        "    build: .",
        "    replicas: 2",
        "    containerName: fixed",
        "    networks: [frnt]",
        "    networkMode: host",
        "    secrets: {s: {content: x}}",
        "    healthcheck: {test: [CMD-SHELL, a, b]}",
        "    pullPolicy: sometimes",
        "    devices: [dev/null]",
        "  b:",
        "    image: busybox:1",
        "    networks: {front: {ipv4Address: 10.1.2.3}}",
      ),
    ).toEqual([
      "3:20 networks.front.drivr HW-MANIFEST-010: unknown key `drivr` (did you mean `driver`?)",
      "3:58 networks.ext.driver HW-MANIFEST-015: an external network takes no `driver` (it is used as it exists; only `name` may be set)",
      "6:5 services.api.image HW-MANIFEST-015: `image` and `build` both set (a built image is tagged <project>-<service>:hw-<inputs hash>; remove `image`)",
      "9:20 services.api.containerName HW-MANIFEST-015: containerName needs replicas: 1 (got 2) (one fixed name cannot be shared by several replicas)",
      '10:16 services.api.networks[0] HW-MANIFEST-044: network "frnt" is not declared in top-level networks (did you mean `front`?)',
      "11:5 services.api.networkMode HW-MANIFEST-015: `networkMode` and `networks` cannot both be set (a container in another network mode joins no project network; remove one of them)",
      "12:28 services.api.secrets.s.content HW-MANIFEST-015: a secret cannot be written inline (use file: or env:)",
      "13:25 services.api.healthcheck.test HW-MANIFEST-015: CMD-SHELL takes exactly one command string",
      '14:17 services.api.pullPolicy HW-MANIFEST-015: expected one of missing | always | never | build, got "sometimes"',
      "15:15 services.api.devices[0] HW-MANIFEST-015: a device needs absolute host and container paths and permissions from r, w, m",
      '18:37 services.b.networks.front.ipv4Address HW-MANIFEST-015: a static ipv4Address needs an ipam subnet on network "front" (networks: {front: {ipam: {config: [{subnet: 172.28.0.0/16}]}}})',
    ]);
  });
});
