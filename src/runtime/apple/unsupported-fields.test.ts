import { describe, expect, it } from "vitest";
import { service } from "../../../test/support/desired-fixtures.js";
import type { ContainerCreateSpec } from "../../core/index.js";
import { unsupportedCreateFields, unsupportedFields } from "./unsupported-fields.js";

const fields = (s: Parameters<typeof unsupportedFields>[0], project?: string) =>
  unsupportedFields(s, project).map((p) => p.field);

describe("unsupportedFields", () => {
  it("accepts what the runtime can honour, restart policies and probes included", () => {
    const s = service("api", {
      resources: { cpus: 2, memoryBytes: 512 * 1024 * 1024 },
      ports: [{ hostIP: "127.0.0.1", host: 8080, container: 80, protocol: "udp" }],
      volumes: [
        { type: "volume", source: "data", target: "/data", readOnly: false },
        { type: "tmpfs", source: "", target: "/tmp", readOnly: false },
      ],
      restart: { policy: "always", backoff: { initialMs: 1000, maxMs: 60_000 } },
      probes: {
        liveness: {
          action: { kind: "exec", command: ["true"] },
          intervalMs: 1000,
          timeoutMs: 1000,
          failureThreshold: 3,
          successThreshold: 1,
          initialDelayMs: 0,
        },
      },
      user: "app",
      group: "1000",
      init: true,
      readOnlyRootFilesystem: true,
      shmSizeBytes: 64 * 1024 * 1024,
    });
    expect(unsupportedFields(s, "demo")).toEqual([]);
  });

  it("refuses fractional cpus, small or non-MiB memory", () => {
    expect(fields(service("a", { resources: { cpus: 0.5 } }))).toEqual(["resources.cpus"]);
    expect(fields(service("a", { resources: { memoryBytes: 100 * 1024 * 1024 } }))).toEqual([
      "resources.memory",
    ]);
    expect(fields(service("a", { resources: { memoryBytes: 300 * 1024 * 1024 + 1 } }))).toEqual([
      "resources.memory",
    ]);
  });

  it("says 'not supported on runtime apple' with the reason", () => {
    const [problem] = unsupportedFields(service("a", { resources: { cpus: 1.5 } }));
    expect(problem?.reason).toMatch(/not supported on runtime apple: .*whole numbers/);
  });

  it("refuses ephemeral host ports and port 1", () => {
    const s = service("a", {
      ports: [
        { hostIP: "127.0.0.1", host: null, container: 80, protocol: "tcp" },
        { hostIP: "127.0.0.1", host: 1, container: 80, protocol: "tcp" },
      ],
    });
    expect(fields(s)).toEqual(["ports[0].host", "ports[1]"]);
  });

  it("refuses a read-write named volume shared by several replicas, not a read-only one", () => {
    const rw = service("a", {
      replicas: 2,
      volumes: [{ type: "volume", source: "d", target: "/d", readOnly: false }],
    });
    const ro = service("a", {
      replicas: 2,
      volumes: [{ type: "volume", source: "d", target: "/d", readOnly: true }],
    });
    expect(fields(rw)).toEqual(["volumes[0]"]);
    expect(fields(ro)).toEqual([]);
  });

  it("refuses the runtime's reserved label prefix and group names", () => {
    expect(fields(service("a", { labels: { "com.apple.container.plugin": "machine" } }))).toEqual([
      "labels.com.apple.container.plugin",
    ]);
    expect(fields(service("a", { user: "app", group: "staff" }))).toEqual(["group"]);
  });

  it("refuses what needs an exit code (on-failure, dependsOn completed) and accepts the other conditions", () => {
    const backoff = { initialMs: 1000, maxMs: 60_000 };
    const s = service("api", {
      restart: { policy: "on-failure", maxRetries: 3, backoff },
      dependsOn: { migrate: "completed", db: "ready", cache: "started" },
    });
    const problems = unsupportedFields(s);
    expect(problems.map((p) => p.field)).toEqual(["restart.policy", "dependsOn.migrate"]);
    for (const p of problems)
      expect(p.reason).toMatch(/not supported on runtime apple: the runtime reports no exit codes/);
    for (const policy of ["no", "always", "unless-stopped"] as const) {
      expect(fields(service("a", { restart: { policy, backoff } }))).toEqual([]);
    }
  });

  it("checks the longest container name against the 63-character limit when the project is known", () => {
    const s = service("a".repeat(50), { replicas: 10 });
    expect(fields(s)).toEqual([]);
    expect(fields(s, "project-with-long-name")).toEqual(["name"]);
  });
});

describe("unsupportedCreateFields", () => {
  const spec: ContainerCreateSpec = {
    name: "demo-web-1",
    image: "busybox",
    labels: {},
    init: false,
    env: {},
    ports: [],
    volumes: [],
    readOnlyRootFilesystem: false,
    stopGracePeriodMs: 1000,
  };

  it("accepts a plain spec", () => {
    expect(unsupportedCreateFields(spec)).toEqual([]);
  });

  it("refuses a stop signal, an invalid name, an uppercase network and a group name", () => {
    const problems = unsupportedCreateFields({
      ...spec,
      name: "x",
      stopSignal: "SIGINT",
      network: { name: "Demo_Default", aliases: [] },
      user: "app:staff",
    });
    expect(problems.map((p) => p.field).sort()).toEqual(["name", "network", "stopSignal", "user"]);
  });
});
