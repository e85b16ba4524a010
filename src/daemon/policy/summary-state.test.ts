import { describe, expect, it } from "vitest";
import { projectSummary, type ServiceSummaryInput, serviceSummary } from "./summary-state.js";

const converged: ServiceSummaryInput = {
  desired: 2,
  running: 2,
  ready: 2,
  drift: [],
  unstable: false,
  blocked: false,
  reconciling: false,
};

describe("serviceSummary", () => {
  it("is nominal when desired and actual agree (including scaled to zero)", () => {
    expect(serviceSummary(converged)).toBe("nominal");
    expect(serviceSummary({ ...converged, desired: 0, running: 0, ready: 0 })).toBe("nominal");
  });

  it("is degraded with open drift or fewer running/ready than desired", () => {
    expect(serviceSummary({ ...converged, drift: ["modified"] })).toBe("degraded");
    expect(serviceSummary({ ...converged, running: 1 })).toBe("degraded");
    expect(serviceSummary({ ...converged, ready: 1 })).toBe("degraded");
  });

  it("is reconciling while a repair is in flight", () => {
    expect(
      serviceSummary({ ...converged, running: 0, ready: 0, drift: ["missing"], reconciling: true }),
    ).toBe("reconciling");
  });

  it("is unstable when crash-looping or blocked, even while reconciling", () => {
    expect(serviceSummary({ ...converged, unstable: true, reconciling: true })).toBe("unstable");
    expect(serviceSummary({ ...converged, blocked: true, drift: ["orphan"] })).toBe("unstable");
  });
});

describe("projectSummary", () => {
  it("takes the worst: unstable > reconciling > degraded > nominal", () => {
    expect(projectSummary([])).toBe("nominal");
    expect(projectSummary(["nominal", "nominal"])).toBe("nominal");
    expect(projectSummary(["nominal", "degraded"])).toBe("degraded");
    expect(projectSummary(["degraded", "reconciling", "nominal"])).toBe("reconciling");
    expect(projectSummary(["reconciling", "unstable", "degraded"])).toBe("unstable");
  });
});
