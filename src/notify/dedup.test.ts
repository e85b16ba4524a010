import { describe, expect, it } from "vitest";
import { Deduper } from "./dedup.js";

describe("Deduper", () => {
  it("admits a key once per window, per key, and again once the window has passed", () => {
    const d = new Deduper(1000);
    expect(d.admit("web:degraded", 0)).toBe(true);
    expect(d.admit("web:degraded", 999)).toBe(false);
    expect(d.admit("db:degraded", 999)).toBe(true);
    expect(d.admit("web:degraded", 1000)).toBe(true);
    expect(d.admit("web:degraded", 1500)).toBe(false);
  });

  it("with a zero window admits everything", () => {
    const d = new Deduper(0);
    expect(d.admit("k", 5)).toBe(true);
    expect(d.admit("k", 5)).toBe(true);
  });
});
