import { describe, expect, it } from "vitest";
import { closestMatch, editDistance } from "./did-you-mean.js";

describe("did-you-mean", () => {
  it("measures edits, counting a transposition once", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("wbe", "web")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests close keys, ignoring case, _ and -", () => {
    const keys = ["dependsOn", "replicas", "readOnlyRootFilesystem", "restart"];
    expect(closestMatch("depends_on", keys)).toBe("dependsOn");
    expect(closestMatch("replica", keys)).toBe("replicas");
    expect(closestMatch("restrat", keys)).toBe("restart");
    expect(closestMatch("zzz", keys)).toBeUndefined();
  });
});
