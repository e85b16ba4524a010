import { describe, expect, it } from "vitest";
import type { ContainerCreateSpec } from "../../core/index.js";
import { createContainerBody } from "./create-body.js";

const base: ContainerCreateSpec = {
  name: "shop-web-1",
  image: "nginx:1.27",
  labels: { "dev.hostwright.project": "shop" },
  init: false,
  env: {},
  ports: [],
  volumes: [],
  readOnlyRootFilesystem: false,
  stopGracePeriodMs: 10_000,
};

describe("createContainerBody", () => {
  it("translates every field of the spec", () => {
    const body = createContainerBody({
      ...base,
      command: ["serve", "--port", "80"],
      entrypoint: ["/entry"],
      workdir: "/app",
      user: "1000:1000",
      init: true,
      env: { A: "1", PASSWORD: "s3cret" },
      ports: [
        { hostIP: "127.0.0.1", host: null, container: 80, protocol: "tcp" },
        { hostIP: "127.0.0.1", host: 8080, container: 80, protocol: "tcp" },
        { hostIP: "0.0.0.0", host: 5353, container: 53, protocol: "udp" },
      ],
      volumes: [
        { type: "volume", source: "shop_data", target: "/data", readOnly: false },
        { type: "bind", source: "/etc/app", target: "/config", readOnly: true },
        { type: "tmpfs", source: "", target: "/scratch", readOnly: false },
      ],
      cpus: 1.5,
      memoryBytes: 268_435_456,
      readOnlyRootFilesystem: true,
      shmSizeBytes: 67_108_864,
      stopGracePeriodMs: 2500,
      stopSignal: "SIGQUIT",
      network: { name: "shop_default", aliases: ["web"] },
    });
    expect(body).toEqual({
      Image: "nginx:1.27",
      Labels: { "dev.hostwright.project": "shop" },
      Env: ["A=1", "PASSWORD=s3cret"],
      Cmd: ["serve", "--port", "80"],
      Entrypoint: ["/entry"],
      WorkingDir: "/app",
      User: "1000:1000",
      ExposedPorts: { "80/tcp": {}, "53/udp": {} },
      StopTimeout: 3,
      StopSignal: "SIGQUIT",
      HostConfig: {
        PortBindings: {
          "80/tcp": [
            { HostIp: "127.0.0.1", HostPort: "" },
            { HostIp: "127.0.0.1", HostPort: "8080" },
          ],
          "53/udp": [{ HostIp: "0.0.0.0", HostPort: "5353" }],
        },
        Mounts: [
          { Type: "volume", Source: "shop_data", Target: "/data", ReadOnly: false },
          { Type: "bind", Source: "/etc/app", Target: "/config", ReadOnly: true },
          { Type: "tmpfs", Target: "/scratch", ReadOnly: false },
        ],
        Memory: 268_435_456,
        NanoCpus: 1_500_000_000,
        Init: true,
        ReadonlyRootfs: true,
        ShmSize: 67_108_864,
        RestartPolicy: { Name: "no" },
        NetworkMode: "shop_default",
      },
      NetworkingConfig: { EndpointsConfig: { shop_default: { Aliases: ["web"] } } },
    });
  });

  it("leaves out what the spec does not set, and always disables engine restarts", () => {
    const body = createContainerBody(base);
    expect(body).toEqual({
      Image: "nginx:1.27",
      Labels: { "dev.hostwright.project": "shop" },
      Env: [],
      ExposedPorts: {},
      StopTimeout: 10,
      HostConfig: {
        PortBindings: {},
        Mounts: [],
        Init: false,
        ReadonlyRootfs: false,
        RestartPolicy: { Name: "no" },
      },
    });
  });
});
