import { describe, expect, it } from "vitest";
import { discoverDockerHost } from "./host-discovery.js";

const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);

describe("discoverDockerHost", () => {
  it("prefers DOCKER_HOST, unix or tcp, even when a default socket exists", () => {
    const exists = only("/var/run/docker.sock");
    expect(discoverDockerHost({ DOCKER_HOST: "unix:///tmp/x.sock" }, exists)).toEqual({
      host: "unix:///tmp/x.sock",
      source: "DOCKER_HOST",
    });
    expect(discoverDockerHost({ DOCKER_HOST: "tcp://127.0.0.1:2375" }, exists)?.host).toBe(
      "tcp://127.0.0.1:2375",
    );
  });

  it("falls back to Docker's socket, then rootful and rootless Podman, in that order", () => {
    const env = { XDG_RUNTIME_DIR: "/run/user/1000" };
    const rootless = "/run/user/1000/podman/podman.sock";
    expect(
      discoverDockerHost(env, only("/var/run/docker.sock", "/run/podman/podman.sock", rootless)),
    ).toEqual({
      host: "unix:///var/run/docker.sock",
      source: "/var/run/docker.sock",
    });
    expect(discoverDockerHost(env, only("/run/podman/podman.sock", rootless))?.host).toBe(
      "unix:///run/podman/podman.sock",
    );
    expect(discoverDockerHost(env, only(rootless))?.host).toBe(`unix://${rootless}`);
  });

  it("ignores an empty DOCKER_HOST and finds nothing when no socket exists", () => {
    expect(discoverDockerHost({ DOCKER_HOST: "  " }, only())).toBeUndefined();
    expect(discoverDockerHost({}, only(`/run/user/1000/podman/podman.sock`))).toBeUndefined();
  });
});
