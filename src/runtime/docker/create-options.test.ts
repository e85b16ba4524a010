import { describe, expect, it } from "vitest";
import type { ContainerCreateSpec } from "../../core/index.js";
import { createContainerBody } from "./create-body.js";

const base: ContainerCreateSpec = {
  name: "shop-web-1",
  image: "busybox:1",
  labels: {},
  init: false,
  env: {},
  ports: [],
  volumes: [],
  readOnlyRootFilesystem: false,
  stopGracePeriodMs: 10_000,
  network: { name: "shop_default", aliases: ["web"] },
};

describe("createContainerBody with the optional engine fields", () => {
  it("adds nothing when no option is set", () => {
    const body = createContainerBody(base);
    expect(Object.keys(body.HostConfig).sort()).toEqual(
      ["Init", "Mounts", "NetworkMode", "PortBindings", "ReadonlyRootfs", "RestartPolicy"].sort(),
    );
    expect(body.NetworkingConfig).toEqual({ EndpointsConfig: { shop_default: { Aliases: ["web"] } } });
  });

  it("maps every option onto Config and HostConfig", () => {
    const body = createContainerBody({
      ...base,
      ipv4Address: "172.30.0.10",
      volumes: [
        {
          type: "tmpfs",
          source: "",
          target: "/t",
          readOnly: false,
          tmpfs: { sizeBytes: 1024, mode: 0o1777 },
        },
        { type: "volume", source: "", target: "/anon", readOnly: false, volume: { nocopy: true } },
        {
          type: "bind",
          source: "/srv",
          target: "/srv",
          readOnly: true,
          bind: { createHostPath: true, propagation: "rslave" },
        },
      ],
      options: {
        hostname: "h",
        domainname: "example.test",
        tty: true,
        stdinOpen: true,
        healthcheck: { test: ["CMD-SHELL", "true"], intervalMs: 1000, retries: 3, startPeriodMs: 500 },
        expose: [9000],
        capAdd: ["NET_ADMIN"],
        capDrop: ["MKNOD"],
        privileged: false,
        ulimits: { nproc: { soft: 100, hard: 200 }, nofile: { soft: 1024, hard: 2048 } },
        devices: [{ host: "/dev/null", container: "/dev/mynull", permissions: "rwm" }],
        sysctls: { "net.core.somaxconn": "1024" },
        extraHosts: [{ host: "db.local", ip: "10.0.0.5" }],
        dns: ["9.9.9.9"],
        dnsSearch: ["example.test"],
        dnsOptions: ["ndots:2"],
        securityOpt: ["no-new-privileges:true"],
        pid: "host",
        ipc: "shareable",
        logging: { driver: "json-file", options: { "max-size": "1m" } },
        pidsLimit: 64,
        reservations: { memoryBytes: 1_048_576, cpus: 0.5 },
        runtime: "runc",
      },
    });
    expect(body).toMatchObject({
      Hostname: "h",
      Domainname: "example.test",
      Tty: true,
      OpenStdin: true,
      Healthcheck: { Test: ["CMD-SHELL", "true"], Interval: 1e9, Retries: 3, StartPeriod: 5e8 },
      ExposedPorts: { "9000/tcp": {} },
      NetworkingConfig: {
        EndpointsConfig: { shop_default: { Aliases: ["web"], IPAMConfig: { IPv4Address: "172.30.0.10" } } },
      },
    });
    expect(body.HostConfig).toMatchObject({
      Mounts: [
        { Type: "tmpfs", Target: "/t", ReadOnly: false, TmpfsOptions: { SizeBytes: 1024, Mode: 0o1777 } },
        { Type: "volume", Target: "/anon", ReadOnly: false, VolumeOptions: { NoCopy: true } },
        {
          Type: "bind",
          Source: "/srv",
          Target: "/srv",
          ReadOnly: true,
          BindOptions: { Propagation: "rslave", CreateMountpoint: true },
        },
      ],
      CapAdd: ["NET_ADMIN"],
      CapDrop: ["MKNOD"],
      Privileged: false,
      Ulimits: [
        { Name: "nofile", Soft: 1024, Hard: 2048 },
        { Name: "nproc", Soft: 100, Hard: 200 },
      ],
      Devices: [{ PathOnHost: "/dev/null", PathInContainer: "/dev/mynull", CgroupPermissions: "rwm" }],
      Sysctls: { "net.core.somaxconn": "1024" },
      ExtraHosts: ["db.local:10.0.0.5"],
      Dns: ["9.9.9.9"],
      DnsSearch: ["example.test"],
      DnsOptions: ["ndots:2"],
      SecurityOpt: ["no-new-privileges:true"],
      PidMode: "host",
      IpcMode: "shareable",
      LogConfig: { Type: "json-file", Config: { "max-size": "1m" } },
      PidsLimit: 64,
      MemoryReservation: 1_048_576,
      CpuShares: 512,
      Runtime: "runc",
    });
    expect(body.HostConfig.Mounts[1]).not.toHaveProperty("Source");
  });

  it("network modes replace the project network", () => {
    for (const [mode, expected] of [
      [{ kind: "host" }, "host"],
      [{ kind: "none" }, "none"],
      [{ kind: "container", container: "shop-db-1" }, "container:shop-db-1"],
    ] as const) {
      const body = createContainerBody({ ...base, options: { networkMode: mode } });
      expect(body.HostConfig.NetworkMode).toBe(expected);
      expect(body.NetworkingConfig).toBeUndefined();
    }
  });
});
