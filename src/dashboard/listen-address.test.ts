import { describe, expect, it } from "vitest";
import { HwError } from "../core/index.js";
import { checkListenPolicy, isLoopback, parseListenAddress } from "./listen-address.js";

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof HwError ? err.code : "not an HwError";
  }
  return undefined;
}

describe("--http address policy", () => {
  it("parses host:port, [v6]:port, and refuses anything else", () => {
    expect(parseListenAddress("127.0.0.1:8787")).toEqual({ host: "127.0.0.1", port: 8787 });
    expect(parseListenAddress("[::1]:0")).toEqual({ host: "::1", port: 0 });
    expect(code(() => parseListenAddress("8787"))).toBe("HW-DASH-003");
    expect(code(() => parseListenAddress("127.0.0.1:70000"))).toBe("HW-DASH-003");
    expect(code(() => parseListenAddress("[nothost]:1"))).toBe("HW-DASH-003");
  });

  it("knows loopback", () => {
    for (const h of ["127.0.0.1", "127.1.2.3", "::1", "localhost"]) expect(isLoopback(h)).toBe(true);
    for (const h of ["0.0.0.0", "192.168.1.5", "::", "example.com"]) expect(isLoopback(h)).toBe(false);
  });

  it("refuses a non-loopback address unless allowed explicitly and given TLS", () => {
    expect(checkListenPolicy({ address: "127.0.0.1:1" })).toEqual({ host: "127.0.0.1", port: 1, tls: false });
    expect(code(() => checkListenPolicy({ address: "0.0.0.0:1" }))).toBe("HW-DASH-004");
    expect(code(() => checkListenPolicy({ address: "0.0.0.0:1", allowRemote: true }))).toBe("HW-DASH-004");
    expect(code(() => checkListenPolicy({ address: "0.0.0.0:1", allowRemote: true, tlsCert: "c" }))).toBe(
      "HW-DASH-005",
    );
    expect(
      checkListenPolicy({ address: "0.0.0.0:1", allowRemote: true, tlsCert: "c", tlsKey: "k" }).tls,
    ).toBe(true);
  });
});
