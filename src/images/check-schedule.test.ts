import { describe, expect, it } from "vitest";
import { nextCheckAt } from "./check-schedule.js";

describe("nextCheckAt", () => {
  it("checks at once, then every interval after the last check", () => {
    const spec = { policy: "digest" as const, intervalMs: 2000 };
    expect(nextCheckAt(spec, undefined, 10_000)).toBe(10_000);
    expect(nextCheckAt(spec, 10_000, 11_000)).toBe(12_000);
  });
  it("with a schedule, at its next time (UTC) after the last check", () => {
    const spec = { policy: "minor" as const, intervalMs: 300_000, schedule: "0 3 * * *" };
    const now = Date.parse("2026-12-02T10:00:00Z");
    expect(new Date(nextCheckAt(spec, undefined, now)).toISOString()).toBe("2026-12-03T03:00:00.000Z");
  });
});
