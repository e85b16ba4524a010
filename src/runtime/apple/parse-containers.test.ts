import { describe, expect, it } from "vitest";
import { isHwError, RuntimeErrorCode } from "../../core/index.js";
import { parseContainerList } from "./parse-containers.js";

describe("parseContainerList", () => {
  it("reads the pre-1.0 shape: string status, top-level networks, Apple-epoch dates", () => {
    const [c] = parseContainerList(
      JSON.stringify([
        {
          status: "running",
          configuration: { id: "web", image: { reference: "nginx" }, labels: { a: "1" }, publishedPorts: [] },
          networks: [{ network: "default", hostname: "web", ipv4Address: "192.168.64.3/24" }],
          startedDate: 776340002.5,
        },
      ]),
    );
    expect(c).toEqual({
      id: "web",
      name: "web",
      labels: { a: "1" },
      state: "running",
      image: "nginx",
      ports: [],
      startedAt: "2025-08-08T10:00:02.500Z",
      ip: "192.168.64.3",
    });
  });

  it("reads ≤0.7 network entries (address instead of ipv4Address)", () => {
    const [c] = parseContainerList(
      '[{"status":"running","configuration":{"id":"web"},"networks":[{"address":"192.168.64.9/24"}]}]',
    );
    expect(c?.ip).toBe("192.168.64.9");
  });

  it("maps stopped to created or exited by whether it ever started, stopping to running", () => {
    const list = parseContainerList(
      JSON.stringify([
        { id: "a", configuration: {}, status: { state: "stopped", networks: [] } },
        {
          id: "b",
          configuration: {},
          status: { state: "stopped", networks: [], startedDate: "2026-08-08T10:00:02Z" },
        },
        { id: "c", configuration: {}, status: { state: "stopping", networks: [] } },
        { id: "d", configuration: {}, status: { state: "paused-in-2030", networks: [] } },
      ]),
    );
    expect(list.map((c) => c.state)).toEqual(["created", "exited", "running", "unknown"]);
  });

  it("accepts \\/-escaped JSON and skips entries without an id", () => {
    const list = parseContainerList(
      '[{"id":"x","configuration":{"image":{"reference":"a\\/b"}},"status":{}},{}]',
    );
    expect(list.map((c) => c.image)).toEqual(["a/b"]);
  });

  it("refuses non-array output without echoing it", () => {
    for (const text of ['{"message":"token=abc123"}', "not json token=abc123"]) {
      let err: unknown;
      try {
        parseContainerList(text);
      } catch (e) {
        err = e;
      }
      expect(isHwError(err) && err.code).toBe(RuntimeErrorCode.failed);
      expect(String((err as Error).message)).not.toContain("abc123");
    }
  });
});
