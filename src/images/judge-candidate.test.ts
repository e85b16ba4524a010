import { describe, expect, it } from "vitest";
import { judgeCandidate, targetTag } from "./judge-candidate.js";

const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;
const C = `sha256:${"c".repeat(64)}`;

describe("targetTag", () => {
  it("digest follows the declared tag; minor the highest in range of the declared tag", () => {
    expect(targetTag("127.0.0.1:5000/app:1", "digest", undefined)).toBe("1");
    expect(targetTag("127.0.0.1:5000/app:1.0.0", "minor", ["1.0.0", "1.1.0", "2.0.0"])).toBe("1.1.0");
    expect(targetTag("127.0.0.1:5000/app", "digest", undefined)).toBeUndefined();
  });
});

describe("judgeCandidate", () => {
  it("takes the first digest of the declared tag as the baseline, then sees it move", () => {
    expect(judgeCandidate("r/app:1", { failed: [] }, { tag: "1", digest: A })).toEqual({
      kind: "baseline",
      tag: "1",
      digest: A,
    });
    expect(judgeCandidate("r/app:1", { baselineDigest: A, failed: [] }, { tag: "1", digest: A }).kind).toBe(
      "current",
    );
    expect(judgeCandidate("r/app:1", { baselineDigest: A, failed: [] }, { tag: "1", digest: B })).toEqual({
      kind: "available",
      tag: "1",
      digest: B,
      from: { tag: "1", digest: A },
    });
  });

  it("a higher tag is an update even before any baseline; a pinned declared digest is what runs", () => {
    expect(judgeCandidate("r/app:1.0.0", { failed: [] }, { tag: "1.1.0", digest: B })).toMatchObject({
      kind: "available",
      from: { tag: "1.0.0" },
    });
    expect(judgeCandidate(`r/app:1@${A}`, { failed: [] }, { tag: "1", digest: A }).kind).toBe("current");
  });

  it("compares with the applied update, and skips a digest that failed until a newer one appears", () => {
    const known = { applied: { tag: "1.1.0", digest: B }, failed: [{ digest: C }] };
    expect(judgeCandidate("r/app:1.0.0", known, { tag: "1.1.0", digest: B }).kind).toBe("current");
    expect(judgeCandidate("r/app:1.0.0", known, { tag: "1.2.0", digest: C }).kind).toBe("failed-before");
    expect(judgeCandidate("r/app:1.0.0", known, { tag: "1.2.0", digest: A }).kind).toBe("available");
  });
});
