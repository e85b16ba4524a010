import { describe, expect, it } from "vitest";
import type { ContainerCreateSpec } from "../../core/index.js";
import { buildCreateArgs, publishArg, sizeArg } from "./create-args.js";

const base: ContainerCreateSpec = {
  name: "demo-web-1",
  image: "nginx:alpine",
  labels: {},
  init: false,
  env: {},
  ports: [],
  volumes: [],
  readOnlyRootFilesystem: false,
  stopGracePeriodMs: 10_000,
};

describe("buildCreateArgs", () => {
  it("puts every flag before the image and the process argv after it", () => {
    const args = buildCreateArgs({
      ...base,
      labels: { "dev.hostwright.project": "demo", note: "a=b" },
      env: { B: "2", A: "x=y" },
      ports: [{ hostIP: "127.0.0.1", host: 8080, container: 80, protocol: "tcp" }],
      volumes: [
        { type: "volume", source: "demo_data", target: "/data", readOnly: false },
        { type: "bind", source: "/srv/conf", target: "/conf", readOnly: true },
        { type: "tmpfs", source: "", target: "/tmp", readOnly: false },
      ],
      entrypoint: ["/bin/sh", "-c"],
      command: ["echo hi"],
      workdir: "/app",
      user: "1000:1000",
      init: true,
      cpus: 2,
      memoryBytes: 512 * 1024 * 1024,
      readOnlyRootFilesystem: true,
      shmSizeBytes: 64 * 1024 * 1024,
      network: { name: "demo_default", aliases: ["web"] },
    });
    expect(args).toEqual([
      "create",
      "--name",
      "demo-web-1",
      "-l",
      "dev.hostwright.project=demo",
      "-l",
      "note=a%3Db",
      "-e",
      "A=x=y",
      "-e",
      "B=2",
      "-p",
      "127.0.0.1:8080:80/tcp",
      "-v",
      "demo_data:/data",
      "-v",
      "/srv/conf:/conf:ro",
      "--mount",
      "type=tmpfs,target=/tmp",
      "--entrypoint",
      "/bin/sh",
      "--workdir",
      "/app",
      "--user",
      "1000:1000",
      "--init",
      "--cpus",
      "2",
      "--memory",
      "512M",
      "--read-only",
      "--shm-size",
      "64M",
      "--network",
      "demo_default",
      "nginx:alpine",
      "-c",
      "echo hi",
    ]);
  });

  it("leaves the image's own command alone when none is given", () => {
    expect(buildCreateArgs(base).slice(-1)).toEqual(["nginx:alpine"]);
  });

  it("passes a group without a user as --gid", () => {
    expect(buildCreateArgs({ ...base, user: ":50" })).toContain("--gid");
  });
});

describe("publishArg and sizeArg", () => {
  it("brackets IPv6 host addresses and always names the protocol", () => {
    expect(publishArg({ hostIP: "::1", host: 53, container: 53, protocol: "udp" })).toBe("[::1]:53:53/udp");
  });

  it("always gives a unit (a bare number would mean bytes)", () => {
    expect(sizeArg(256 * 1024 * 1024)).toBe("256M");
    expect(sizeArg(1536)).toBe("2K");
  });
});
