import { describe, expect, it } from "vitest";
import {
  fromInspect,
  fromSummary,
  isInstanceShapedName,
  parseExitCode,
  toContainerState,
} from "./container-mapping.js";

describe("parseExitCode", () => {
  it("reads the code from Exited statuses only", () => {
    expect(parseExitCode("Exited (0) 5 seconds ago")).toBe(0);
    expect(parseExitCode("Exited (137) About a minute ago")).toBe(137);
    expect(parseExitCode("Up 3 minutes")).toBeUndefined();
    expect(parseExitCode("Created")).toBeUndefined();
    expect(parseExitCode(undefined)).toBeUndefined();
  });
});

describe("toContainerState", () => {
  it("keeps Docker's states and maps Podman's", () => {
    expect(toContainerState("running")).toBe("running");
    expect(toContainerState("exited")).toBe("exited");
    expect(toContainerState("configured")).toBe("created");
    expect(toContainerState("stopped")).toBe("exited");
    expect(toContainerState("weird")).toBe("unknown");
  });
});

describe("fromSummary", () => {
  it("maps a list entry, ports and the project network address", () => {
    const c = fromSummary({
      Id: "abc",
      Names: ["/shop-web-1"],
      Image: "hostwright.local/busybox:1",
      ImageID: "sha256:img",
      Created: 1_700_000_000,
      State: "exited",
      Status: "Exited (2) 1 second ago",
      Labels: { "dev.hostwright.project": "shop" },
      Ports: [
        { PrivatePort: 8080, Type: "tcp" },
        { IP: "127.0.0.1", PrivatePort: 8080, PublicPort: 32768, Type: "tcp" },
        { IP: "127.0.0.1", PrivatePort: 53, PublicPort: 5353, Type: "udp" },
      ],
      NetworkSettings: {
        Networks: { other: { IPAddress: "10.0.0.9" }, shop_default: { IPAddress: "172.18.0.2" } },
      },
    });
    expect(c).toEqual({
      id: "abc",
      name: "shop-web-1",
      labels: { "dev.hostwright.project": "shop" },
      state: "exited",
      exitCode: 2,
      createdAt: "2023-11-14T22:13:20.000Z",
      image: "hostwright.local/busybox:1",
      imageId: "sha256:img",
      ports: [
        { hostIP: "127.0.0.1", host: 5353, container: 53, protocol: "udp" },
        { hostIP: "127.0.0.1", host: 32768, container: 8080, protocol: "tcp" },
      ],
      ip: "172.18.0.2",
    });
  });
});

describe("fromInspect", () => {
  it("maps inspect output and drops the engine's zero times", () => {
    const c = fromInspect({
      Id: "abc",
      Name: "/shop-web-1",
      Image: "sha256:img",
      Created: "2026-01-01T00:00:00Z",
      Config: { Image: "busybox", Labels: null },
      State: {
        Status: "created",
        ExitCode: 0,
        StartedAt: "0001-01-01T00:00:00Z",
        FinishedAt: "0001-01-01T00:00:00Z",
      },
      NetworkSettings: { Ports: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "8081" }], "9/udp": null } },
    });
    expect(c).toEqual({
      id: "abc",
      name: "shop-web-1",
      labels: {},
      state: "created",
      createdAt: "2026-01-01T00:00:00Z",
      image: "busybox",
      imageId: "sha256:img",
      ports: [{ hostIP: "127.0.0.1", host: 8081, container: 8080, protocol: "tcp" }],
    });
  });

  it("keeps the exit code of an exited container", () => {
    const c = fromInspect({
      Id: "x",
      Name: "/x",
      Image: "sha256:i",
      Config: { Image: "i" },
      State: { Status: "exited", ExitCode: 143, FinishedAt: "2026-01-01T00:00:01Z" },
    });
    expect(c.exitCode).toBe(143);
    expect(c.finishedAt).toBe("2026-01-01T00:00:01Z");
  });
});

describe("isInstanceShapedName", () => {
  it("accepts only <project>-<service>-<N>", () => {
    expect(isInstanceShapedName("shop-web-1", "shop")).toBe(true);
    expect(isInstanceShapedName("shop-api-gw-12", "shop")).toBe(true);
    expect(isInstanceShapedName("shop-web", "shop")).toBe(false);
    expect(isInstanceShapedName("shop-web-0", "shop")).toBe(false);
    expect(isInstanceShapedName("shop-web-1-copy", "shop")).toBe(false);
    expect(isInstanceShapedName("shopping-web-1", "shop")).toBe(false);
    expect(isInstanceShapedName("old-shop-web-1", "shop")).toBe(false);
  });
});
