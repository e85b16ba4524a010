import { describe, expect, it } from "vitest";
import { hostIPsOverlap } from "./check-port-clashes.js";
import { parsePortString } from "./check-ports.js";

describe("parsePortString", () => {
  it.each([
    ["8080", { hostIP: "127.0.0.1", host: null, container: 8080, protocol: "tcp" }],
    ["18080:8080", { hostIP: "127.0.0.1", host: 18080, container: 8080, protocol: "tcp" }],
    ["0.0.0.0:18080:8080", { hostIP: "0.0.0.0", host: 18080, container: 8080, protocol: "tcp" }],
    ["18080:8080/udp", { hostIP: "127.0.0.1", host: 18080, container: 8080, protocol: "udp" }],
    ["127.0.0.1::53/udp", { hostIP: "127.0.0.1", host: null, container: 53, protocol: "udp" }],
    ["[::1]:8443:443", { hostIP: "::1", host: 8443, container: 443, protocol: "tcp" }],
  ])("%s", (text, spec) => {
    expect(parsePortString(text)).toEqual(spec);
  });

  it.each([
    ["0", "out of range"],
    ["65536", "out of range"],
    ["80:0", "out of range"],
    ["8000-8010:8000-8010", "port ranges are not supported"],
    ["http", "is not a port number"],
    ["1.2.3:80:80", "is not an IP address"],
    ["a:b:c:d", "cannot read port"],
    ["80/sctp", "unsupported protocol"],
    ["80:", "missing container port"],
  ])("rejects %s", (text, fragment) => {
    expect(parsePortString(text)).toContain(fragment);
  });
});

describe("hostIPsOverlap", () => {
  it("treats wildcards as overlapping everything", () => {
    expect(hostIPsOverlap("127.0.0.1", "127.0.0.1")).toBe(true);
    expect(hostIPsOverlap("0.0.0.0", "127.0.0.1")).toBe(true);
    expect(hostIPsOverlap("192.168.1.2", "::")).toBe(true);
    expect(hostIPsOverlap("127.0.0.1", "192.168.1.2")).toBe(false);
  });
});
