import { describe, expect, it } from "vitest";
import { RecentStarts } from "./recent-starts.js";

describe("RecentStarts", () => {
  it("is transient only within the window after a start", () => {
    let now = 1000;
    const starts = new RecentStarts(5000, () => now);
    expect(starts.isTransient("web")).toBe(false);
    starts.mark("web");
    now += 4000;
    expect(starts.isTransient("web")).toBe(true);
    now += 2000;
    expect(starts.isTransient("web")).toBe(false);
  });

  it("forgets a container that was stopped or removed on purpose", () => {
    const starts = new RecentStarts(5000, () => 0);
    starts.mark("web");
    starts.forget("web");
    expect(starts.isTransient("web")).toBe(false);
  });
});
