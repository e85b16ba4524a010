import { describe, expect, it } from "vitest";
import { unsafeBindReason } from "./bind-safety.js";

const dir = "/srv/app";

describe("unsafeBindReason", () => {
  it.each([
    ["./data", "/srv/app/data"],
    [".", "/srv/app"],
    ["/srv/shared", "/srv/shared"],
    ["/home/me/src", "/home/me/src"],
    ["/devices", "/devices"],
  ])("allows %s", (written, resolved) => {
    expect(unsafeBindReason(written, resolved, dir)).toBeUndefined();
  });

  it.each([
    ["/", "/", "root directory"],
    ["/proc", "/proc", "/proc"],
    ["/sys/fs/cgroup", "/sys/fs/cgroup", "/sys"],
    ["/dev/sda", "/dev/sda", "/dev"],
    ["/var/run/docker.sock", "/var/run/docker.sock", "container-engine socket"],
    ["/run/user/1000/podman/podman.sock", "/run/user/1000/podman/podman.sock", "container-engine socket"],
    ["/run/containerd", "/run/containerd", "container-engine socket"],
    ["/var", "/var", "container-engine socket"],
    ["../other", "/srv/other", "leaves the manifest directory"],
    ["./a/../../etc", "/srv/etc", "leaves the manifest directory"],
  ])("refuses %s", (written, resolved, fragment) => {
    expect(unsafeBindReason(written, resolved, dir)).toContain(fragment);
  });
});
