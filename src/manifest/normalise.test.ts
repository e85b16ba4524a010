import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Desired, ServiceSpec } from "../core/index.js";
import { parseManifest, SPEC_HASH_SCHEMA_VERSION } from "./index.js";

const yaml = (...lines: string[]): string => `${lines.join("\n")}\n`;

function desiredOf(source: string, env: Record<string, string> = {}): Desired {
  const result = parseManifest(source, { file: "/srv/app/hostwright.yaml", env });
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.desired;
}

/** A manifest with one service `api` whose body is `lines` (indented under it). */
const withApi = (...lines: string[]): string =>
  yaml(
    "version: 2",
    "project: demo",
    "volumes: {data: {}, other: {}}",
    "services:",
    "  api:",
    ...lines.map((l) => `    ${l}`),
  );
const apiOf = (source: string): ServiceSpec => {
  const api = desiredOf(source).services.find((s) => s.name === "api");
  if (api === undefined) throw new Error("no api");
  return api;
};
const hashOf = (...lines: string[]): string => apiOf(withApi(...lines)).specHash;

describe("normalisation", () => {
  it("fills every default", () => {
    const api = apiOf(withApi("image: busybox"));
    expect(api).toEqual({
      name: "api",
      image: "busybox",
      replicas: 1,
      init: false,
      env: {},
      secretEnv: {},
      labels: {},
      ports: [],
      volumes: [],
      dependsOn: {},
      probes: {},
      restart: { policy: "unless-stopped", backoff: { initialMs: 1_000, maxMs: 60_000 } },
      update: {
        strategy: "rolling",
        maxSurge: 1,
        maxUnavailable: 0,
        progressDeadlineMs: 300_000,
        failureAction: "rollback",
      },
      stopGracePeriodMs: 10_000,
      resources: {},
      readOnlyRootFilesystem: false,
      specHash: api.specHash,
    });
    expect(api.specHash).toMatch(/^[0-9a-f]{64}$/);
    const d = desiredOf(withApi("image: busybox"));
    expect(d.imagePolicy).toBe("allow-tags");
    expect(d.reconcile).toEqual({
      mode: "heal",
      resyncMs: 30_000,
      guardrails: { rateLimit: { actions: 5, perMs: 600_000 }, maintenanceWindows: [] },
    });
  });

  it("applies probe defaults (startup failureThreshold 30)", () => {
    const api = apiOf(
      withApi("image: busybox", "probes:", "  startup: {tcp: {port: 80}}", "  readiness: {exec: [true]}"),
    );
    expect(api.probes.startup).toEqual({
      action: { kind: "tcp", port: 80 },
      intervalMs: 10_000,
      timeoutMs: 5_000,
      failureThreshold: 30,
      successThreshold: 1,
      initialDelayMs: 0,
    });
    expect(api.probes.readiness?.failureThreshold).toBe(3);
  });

  it("creates one instance per replica, services sorted by name", () => {
    const d = desiredOf(
      yaml(
        "version: 2",
        "project: demo",
        "services:",
        "  web: {image: busybox, replicas: 3}",
        "  api: {image: busybox}",
        "  idle: {image: busybox, replicas: 0}",
      ),
    );
    expect(d.services.map((s) => s.name)).toEqual(["api", "idle", "web"]);
    expect(d.instances.map((i) => [i.service, i.index, i.id, i.name])).toEqual([
      ["api", 1, "demo/api/1", "demo-api-1"],
      ["web", 1, "demo/web/1", "demo-web-1"],
      ["web", 2, "demo/web/2", "demo-web-2"],
      ["web", 3, "demo/web/3", "demo-web-3"],
    ]);
    expect(d.instances[1]?.spec).toBe(d.services[2]);
  });

  it("hashes canonical JSON without sourcePath, canonical, hash or any secret value", () => {
    const secret = "correct-horse-battery-staple";
    const d = desiredOf(withApi("image: busybox", "secretEnv: {DB_PASSWORD: env://DB_PASSWORD}"), {
      DB_PASSWORD: secret,
    });
    expect(d.sourcePath).toBe("/srv/app/hostwright.yaml");
    expect(d.hash).toBe(createHash("sha256").update(d.canonical).digest("hex"));
    const parsed = JSON.parse(d.canonical) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual([
      "imagePolicy",
      "instances",
      "project",
      "reconcile",
      "services",
      "version",
      "volumes",
    ]);
    expect(d.canonical).not.toContain(secret);
    expect(d.canonical).toContain("env://DB_PASSWORD");
  });

  it("gives the same desired hash for the same manifest in any key order", () => {
    const a = desiredOf(
      yaml("version: 2", "project: demo", "services:", "  b: {image: x}", "  a: {image: y, replicas: 2}"),
    );
    const b = desiredOf(
      yaml("services:", "  a: {replicas: 2, image: y}", "  b: {image: x}", "project: demo", "version: 2"),
    );
    expect(b.hash).toBe(a.hash);
  });
});

describe("spec hash", () => {
  const base = ["image: busybox:1", 'ports: ["8080:80"]', "env: {A: '1', B: '2'}"];

  it("has a schema version", () => {
    expect(SPEC_HASH_SCHEMA_VERSION).toBe(1);
  });

  it("is pinned for a known service (changing it recreates every container: bump the version)", () => {
    // sha256 of {"env":{},"image":"busybox:1","init":false,"labels":{},"ports":[],"readOnlyRootFilesystem":false,
    //   "resources":{},"secretEnv":{},"stopGracePeriodMs":10000,"v":1,"volumes":[]} (computed outside this code).
    expect(hashOf("image: busybox:1")).toBe(
      "ddf256e50817c722e3bdfe505f25b22fde6af8a5753a1cb76f7561482ebf9e47",
    );
  });

  it("is stable across key order", () => {
    expect(hashOf("env: {B: '2', A: '1'}", 'ports: ["8080:80"]', "image: busybox:1")).toBe(hashOf(...base));
    expect(hashOf(...base, "resources: {memory: 64MiB, cpus: 1}")).toBe(
      hashOf(...base, "resources: {cpus: 1, memory: 64MiB}"),
    );
  });

  it("is the same whether defaults are written or omitted", () => {
    const explicit = hashOf(
      "image: busybox:1",
      "ports: [{container: 80, host: 8080, hostIP: 127.0.0.1, protocol: tcp}]",
      "env: {B: '2', A: '1'}",
      "init: false",
      "readOnlyRootFilesystem: false",
      "stopGracePeriod: 10s",
      "labels: {}",
      "secretEnv: {}",
      "volumes: []",
      "resources: {}",
    );
    expect(explicit).toBe(hashOf(...base));
  });

  it.each([
    ["image", ["image: busybox:2", 'ports: ["8080:80"]', "env: {A: '1', B: '2'}"]],
    ["command", [...base, "command: [sleep, '1']"]],
    ["entrypoint", [...base, "entrypoint: [/bin/sh]"]],
    ["workdir", [...base, "workdir: /srv"]],
    ["user", [...base, "user: '1000'"]],
    ["group", [...base, "group: '1000'"]],
    ["init", [...base, "init: true"]],
    ["env", ["image: busybox:1", 'ports: ["8080:80"]', "env: {A: '1', B: '3'}"]],
    ["secretEnv", [...base, "secretEnv: {TOKEN: env://TOKEN}"]],
    ["labels", [...base, "labels: {team: a}"]],
    ["ports", ["image: busybox:1", 'ports: ["8081:80"]', "env: {A: '1', B: '2'}"]],
    ["port protocol", ["image: busybox:1", 'ports: ["8080:80/udp"]', "env: {A: '1', B: '2'}"]],
    ["volumes", [...base, "volumes: [data:/data]"]],
    ["volume source", [...base, "volumes: [other:/data]"]],
    ["resources", [...base, "resources: {cpus: 2}"]],
    ["readOnlyRootFilesystem", [...base, "readOnlyRootFilesystem: true"]],
    ["shmSize", [...base, "shmSize: 64m"]],
    ["stopGracePeriod", [...base, "stopGracePeriod: 11s"]],
  ])("changes when %s changes", (_field, lines) => {
    expect(hashOf(...lines)).not.toBe(hashOf(...base));
  });

  it.each([
    ["replicas", [...base.filter((l) => !l.startsWith("ports")), "replicas: 4"]],
    ["dependsOn", [...base, "dependsOn: [db]"]],
    ["probes", [...base, "probes: {liveness: {tcp: {port: 80}}}"]],
    ["restart", [...base, "restart: {policy: always}"]],
    ["update", [...base, "update: {strategy: recreate}"]],
  ])("does not change when %s changes", (field, lines) => {
    const source = yaml(
      "version: 2",
      "project: demo",
      "volumes: {data: {}, other: {}}",
      "services:",
      "  db: {image: busybox}",
      "  api:",
      ...lines.map((l) => `    ${l}`),
    );
    const reference =
      field === "replicas" ? hashOf(...base.filter((l) => !l.startsWith("ports"))) : hashOf(...base);
    expect(apiOf(source).specHash).toBe(reference);
  });
});
