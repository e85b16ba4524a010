import { describe, expect, it } from "vitest";
import type { MaintenanceWindow } from "../../core/index.js";
import { assertValidWindows, isInsideWindow, nextWindowStart } from "./maintenance-window.js";

const TWO_HOURS = 7_200_000;
/** Saturdays 02:00–04:00 UTC. 2024-06-01 is a Saturday. */
const saturdayNight: MaintenanceWindow = { cron: "0 2 * * 6", durationMs: TWO_HOURS, timezone: "UTC" };

describe("isInsideWindow", () => {
  it("allows everything when no window is declared", () => {
    expect(isInsideWindow([], new Date("2024-06-05T12:00:00Z"))).toBe(true);
  });

  it("is inside from the start (inclusive) to start + duration (exclusive)", () => {
    const at = (iso: string) => isInsideWindow([saturdayNight], new Date(iso));
    expect(at("2024-06-01T01:59:59.999Z")).toBe(false);
    expect(at("2024-06-01T02:00:00.000Z")).toBe(true);
    expect(at("2024-06-01T03:59:59.999Z")).toBe(true);
    expect(at("2024-06-01T04:00:00.000Z")).toBe(false);
    expect(at("2024-06-05T03:00:00.000Z")).toBe(false);
  });

  it("reads the cron in the window's timezone", () => {
    const berlin: MaintenanceWindow = { ...saturdayNight, timezone: "Europe/Berlin" };
    // 02:00 in Berlin (summer time) is 00:00 UTC.
    expect(isInsideWindow([berlin], new Date("2024-06-01T00:30:00Z"))).toBe(true);
    expect(isInsideWindow([berlin], new Date("2024-06-01T02:30:00Z"))).toBe(false);
  });

  it("is inside when any of several windows is open", () => {
    const weekdayNoon: MaintenanceWindow = { cron: "0 12 * * 1-5", durationMs: 1_800_000, timezone: "UTC" };
    expect(isInsideWindow([saturdayNight, weekdayNoon], new Date("2024-06-05T12:10:00Z"))).toBe(true);
  });
});

describe("nextWindowStart", () => {
  it("is the earliest opening after now across windows", () => {
    const daily: MaintenanceWindow = { cron: "30 3 * * *", durationMs: 60_000, timezone: "UTC" };
    expect(nextWindowStart([saturdayNight], new Date("2024-06-01T03:00:00Z"))?.toISOString()).toBe(
      "2024-06-08T02:00:00.000Z",
    );
    expect(nextWindowStart([saturdayNight, daily], new Date("2024-06-02T00:00:00Z"))?.toISOString()).toBe(
      "2024-06-02T03:30:00.000Z",
    );
  });

  it("is undefined without windows", () => {
    expect(nextWindowStart([], new Date())).toBeUndefined();
  });
});

describe("invalid windows", () => {
  it("fail with a stable code naming the window", () => {
    expect(() => assertValidWindows([{ ...saturdayNight, cron: "every saturday" }])).toThrow(
      /maintenance window "every saturday"/,
    );
    try {
      isInsideWindow([{ ...saturdayNight, timezone: "Mars/Olympus" }], new Date());
      expect.unreachable();
    } catch (err) {
      expect((err as { code?: string }).code).toBe("HW-DAEMON-002");
    }
  });
});
