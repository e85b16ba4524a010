/**
 * The optional (Compose-grade) service fields on the real engine: one container with many of
 * them set, inspected once; two networks (a declared one with an ipam subnet and a static IP, an
 * external one used but not owned); a secret file put into the container before start.
 */
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awaitEngineHealthy } from "../../src/apply/await-engine-health.js";
import { HwError, type NetworkSpec, RuntimeErrorCode } from "../../src/core/index.js";
import { createDockerAdapter, type DockerAdapter } from "../../src/runtime/docker/index.js";
import {
  dockerCli,
  dockerCliOk,
  dockerHost,
  ownedLabels,
  removeProjectResources,
  testContainerSpec,
  uniqueProject,
} from "../harness/index.js";
import { service } from "../support/desired-fixtures.js";

let adapter: DockerAdapter;
const project = uniqueProject("fields");
const external = `${project}-ext`;

beforeAll(async () => {
  adapter = createDockerAdapter({ host: dockerHost() });
  await dockerCliOk(["network", "create", external]);
});

afterAll(async () => {
  await removeProjectResources(project);
  await dockerCli(["network", "rm", external]);
  await adapter.close();
});

interface Inspect {
  Config: Record<string, unknown> & {
    Healthcheck?: Record<string, unknown>;
    ExposedPorts?: Record<string, unknown>;
  };
  HostConfig: Record<string, unknown>;
  NetworkSettings: { Networks: Record<string, { Aliases: string[] | null; IPAddress: string }> };
}

describe("optional service fields on Docker", () => {
  it("creates one container with them all honoured, on two networks with a file inside", async () => {
    const third = randomInt(1, 250);
    const subnet = `10.213.${third}.0/24`;
    const declared: NetworkSpec = {
      name: "back",
      runtimeName: `${project}_back`,
      external: false,
      internal: true,
      labels: { tier: "back" },
      ipam: { config: [{ subnet }] },
    };
    await adapter.ensureNetwork(declared.runtimeName, ownedLabels(project), declared);
    const ext: NetworkSpec = {
      name: "ext",
      runtimeName: external,
      external: true,
      internal: false,
      labels: {},
    };
    await adapter.ensureNetwork(external, {}, ext);
    await expect(
      adapter.ensureNetwork(`${project}-missing`, {}, { ...ext, runtimeName: `${project}-missing` }),
    ).rejects.toMatchObject({ code: RuntimeErrorCode.notFound });

    const spec = testContainerSpec(project, "web", 1, {
      init: true,
      network: { name: declared.runtimeName, aliases: ["web", "www"] },
      ipv4Address: `10.213.${third}.77`,
      extraNetworks: [{ name: external, aliases: ["web", "edge"] }],
      stopSignal: "SIGUSR1",
      options: {
        hostname: "webhost",
        domainname: "example.test",
        tty: true,
        stdinOpen: true,
        healthcheck: { test: ["CMD-SHELL", "true"], intervalMs: 2000, retries: 2 },
        expose: [9000],
        capAdd: ["NET_ADMIN"],
        capDrop: ["MKNOD"],
        ulimits: { nofile: { soft: 1000, hard: 2000 } },
        sysctls: { "net.ipv4.ip_unprivileged_port_start": "80" },
        extraHosts: [{ host: "db.local", ip: "10.0.0.5" }],
        dns: ["10.0.0.53"],
        dnsSearch: ["example.test"],
        dnsOptions: ["ndots:2"],
        securityOpt: ["no-new-privileges:true"],
        ipc: "private",
        logging: { driver: "json-file", options: { "max-size": "1m" } },
        pidsLimit: 64,
        reservations: { memoryBytes: 16 * 1024 * 1024 },
      },
      files: [{ target: "/run/secrets/token", content: "t0ken", mode: 0o400 }],
    });
    const { id } = await adapter.create(spec);
    await adapter.start(id);
    const [info] = JSON.parse(await dockerCliOk(["inspect", id])) as Inspect[];
    if (!info) throw new Error("no inspect");
    expect(info.Config).toMatchObject({
      Hostname: "webhost",
      Domainname: "example.test",
      Tty: true,
      OpenStdin: true,
      StopSignal: "SIGUSR1",
      Healthcheck: { Test: ["CMD-SHELL", "true"], Interval: 2e9, Retries: 2 },
    });
    expect(Object.keys(info.Config.ExposedPorts ?? {})).toContain("9000/tcp");
    expect(info.HostConfig).toMatchObject({
      CapAdd: ["NET_ADMIN"],
      CapDrop: ["MKNOD"],
      Ulimits: [{ Name: "nofile", Soft: 1000, Hard: 2000 }],
      Sysctls: { "net.ipv4.ip_unprivileged_port_start": "80" },
      ExtraHosts: ["db.local:10.0.0.5"],
      Dns: ["10.0.0.53"],
      DnsSearch: ["example.test"],
      DnsOptions: ["ndots:2"],
      SecurityOpt: ["no-new-privileges:true"],
      IpcMode: "private",
      LogConfig: { Type: "json-file", Config: { "max-size": "1m" } },
      PidsLimit: 64,
      MemoryReservation: 16 * 1024 * 1024,
    });
    const nets = info.NetworkSettings.Networks;
    expect(nets[declared.runtimeName]?.IPAddress).toBe(`10.213.${third}.77`);
    expect(nets[declared.runtimeName]?.Aliases).toEqual(expect.arrayContaining(["www"]));
    expect(nets[external]?.Aliases).toEqual(expect.arrayContaining(["edge"]));
    const cat = await adapter.exec(
      id,
      ["sh", "-c", "cat /run/secrets/token; echo; stat -c %a /run/secrets/token"],
      5000,
    );
    expect(cat.output.split(/\s+/).filter(Boolean)).toEqual(["t0ken", "400"]);

    // Tearing the project down removes our network; the external one stays.
    await adapter.remove(id);
    await adapter.removeNetwork(declared.runtimeName);
    expect((await dockerCli(["network", "inspect", external])).exitCode).toBe(0);
  });

  it("a failed file upload leaves no container behind", async () => {
    await adapter.ensureNetwork(`${project}_default`, ownedLabels(project));
    const spec = testContainerSpec(project, "bad", 1, {
      // A read-only root filesystem refuses the archive upload.
      readOnlyRootFilesystem: true,
      files: [{ target: "/run/secrets/x", content: "x" }],
    });
    const err = await adapter.create(spec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HwError);
    expect(await adapter.inspect(spec.name)).toBeUndefined();
  });

  it("refuses an OCI runtime the engine does not offer (from /info), accepts runc", async () => {
    await adapter.capabilities();
    expect(adapter.unsupportedFields(service("api", { runtime: "runc" }))).toEqual([]);
    const refused = adapter.unsupportedFields(service("api", { runtime: "io.containerd.wasmedge.v1" }));
    expect(refused.map((p) => p.field)).toEqual(["runtime"]);
    expect(refused[0]?.reason).toContain("runc");
  });

  it("reports the engine's health status, and 'ready' waits for healthy", async () => {
    await adapter.ensureNetwork(`${project}_default`, ownedLabels(project));
    const spec = testContainerSpec(project, "db", 1, {
      init: true,
      options: { healthcheck: { test: ["CMD", "true"], intervalMs: 300, retries: 1 } },
    });
    const { id } = await adapter.create(spec);
    await adapter.start(id);
    expect((await adapter.inspect(id))?.health).toMatch(/^(starting|healthy)$/);
    const op = { name: spec.name, service: "db", timeoutMs: 30_000 } as Parameters<
      typeof awaitEngineHealthy
    >[2];
    await awaitEngineHealthy(adapter, id, op, Date.now() + 30_000);
    expect((await adapter.inspect(id))?.health).toBe("healthy");
    const plain = await adapter.create(testContainerSpec(project, "plain", 1, { init: true }));
    expect((await adapter.inspect(plain.id))?.health).toBeUndefined();
  });

  it("external volumes are checked, never created; anonymous volumes are the engine's", async () => {
    const ext = { name: "ext", labels: {}, reclaimPolicy: "retain" as const, external: true };
    await expect(adapter.ensureVolume(`${project}-novol`, {}, ext)).rejects.toMatchObject({
      code: RuntimeErrorCode.notFound,
    });
    expect((await dockerCli(["volume", "inspect", `${project}-novol`])).exitCode).not.toBe(0);
    await adapter.ensureNetwork(`${project}_default`, ownedLabels(project));
    const spec = testContainerSpec(project, "anon", 1, {
      volumes: [{ type: "volume", source: "", target: "/anon", readOnly: false }],
    });
    const { id } = await adapter.create(spec);
    const mounts = JSON.parse(await dockerCliOk(["inspect", "-f", "{{json .Mounts}}", id])) as {
      Name: string;
      Destination: string;
    }[];
    expect(mounts.map((m) => m.Destination)).toEqual(["/anon"]);
    expect(mounts[0]?.Name).toMatch(/^[0-9a-f]{64}$/);
    await dockerCli(["rm", "-f", "-v", id]);
  });
});
