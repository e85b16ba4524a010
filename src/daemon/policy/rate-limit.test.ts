import { describe, expect, it } from "vitest";
import { HwError } from "../../core/index.js";
import { RateLimiter } from "./rate-limit.js";

const TEN_MINUTES = 600_000;

describe("RateLimiter", () => {
  it("blocks the sixth repair in the window with a reason naming the limit", () => {
    const limiter = new RateLimiter({ actions: 5, perMs: TEN_MINUTES });
    for (let i = 0; i < 5; i++) expect(limiter.tryTake("api", 1000 + i * 60_000)).toEqual({ allowed: true });
    expect(limiter.tryTake("api", 301_000)).toEqual({
      allowed: false,
      retryAtMs: 601_000,
      reason: "rate limit reached for service api: 5 actions per 10m; next repair allowed in 5m",
    });
  });

  it("slides: a slot frees when the oldest action leaves the window", () => {
    const limiter = new RateLimiter({ actions: 2, perMs: 1000 });
    limiter.tryTake("api", 0);
    limiter.tryTake("api", 500);
    expect(limiter.tryTake("api", 999).allowed).toBe(false);
    expect(limiter.tryTake("api", 1000)).toEqual({ allowed: true });
    expect(limiter.tryTake("api", 1001).allowed).toBe(false);
  });

  it("keeps services apart", () => {
    const limiter = new RateLimiter({ actions: 1, perMs: 1000 });
    expect(limiter.tryTake("api", 0).allowed).toBe(true);
    expect(limiter.tryTake("db", 0).allowed).toBe(true);
    expect(limiter.tryTake("api", 1).allowed).toBe(false);
  });

  it("check does not spend; record does; reset forgets", () => {
    const limiter = new RateLimiter({ actions: 1, perMs: 1000 });
    expect(limiter.check("api", 0).allowed).toBe(true);
    expect(limiter.check("api", 0).allowed).toBe(true);
    limiter.record("api", 0);
    expect(limiter.check("api", 10).allowed).toBe(false);
    limiter.reset("api");
    expect(limiter.check("api", 10).allowed).toBe(true);
  });

  it("rejects an unusable limit", () => {
    expect(() => new RateLimiter({ actions: 0, perMs: 1000 })).toThrow(HwError);
    expect(() => new RateLimiter({ actions: 1, perMs: 0 })).toThrow(/rate limit/);
  });

  it("retune judges by the new limit and keeps the actions already taken", () => {
    const limiter = new RateLimiter({ actions: 1, perMs: 1000 });
    limiter.record("api", 0);
    expect(limiter.check("api", 10).allowed).toBe(false);
    limiter.retune({ actions: 2, perMs: 1000 });
    expect(limiter.check("api", 10).allowed).toBe(true);
    limiter.record("api", 10);
    expect(limiter.check("api", 20).allowed).toBe(false);
    expect(() => limiter.retune({ actions: 0, perMs: 1000 })).toThrow(HwError);
  });
});
