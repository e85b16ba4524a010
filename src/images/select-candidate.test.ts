import { describe, expect, it } from "vitest";
import { policyTagProblem, selectTag } from "./select-candidate.js";
import { compareVersions, parseVersionTag } from "./semver.js";

const TAGS = [
  "1.0.0",
  "1.0.1",
  "1.0.10",
  "1.0.2",
  "1.1.0",
  "1.9.3",
  "1.10.0",
  "2.0.0",
  "1.11.0-rc1",
  "1.2",
  "v1.12.0",
  "latest",
];

describe("selectTag", () => {
  it("minor: the highest minor of the same major, never the next major (numeric, not text, order)", () => {
    expect(selectTag("1.0.0", TAGS, "minor")).toBe("1.10.0");
  });
  it("patch: the highest patch of the same minor", () => {
    expect(selectTag("1.0.0", TAGS, "patch")).toBe("1.0.10");
  });
  it("major: the highest release", () => {
    expect(selectTag("1.0.0", TAGS, "major")).toBe("2.0.0");
  });
  it("ignores pre-releases, other shapes and the other prefix style", () => {
    expect(selectTag("1.9.3", ["1.11.0-rc1", "v1.12.0", "1.12", "1.9.3"], "minor")).toBe("1.9.3");
    expect(selectTag("v1.0.0", ["v1.3.0", "1.4.0", "v2.0.0"], "minor")).toBe("v1.3.0");
  });
  it("stays on the declared tag when nothing newer is in range (an older tag is never chosen)", () => {
    expect(selectTag("1.5.0", ["1.4.0", "1.4.9"], "minor")).toBe("1.5.0");
  });
  it("refuses a declared tag that is not version-shaped for the policy", () => {
    expect(selectTag("latest", TAGS, "minor")).toBeUndefined();
    expect(selectTag("1.2", TAGS, "patch")).toBeUndefined();
    expect(selectTag("1.2.0-rc1", TAGS, "minor")).toBeUndefined();
    expect(selectTag("1.2", ["1.3", "1.2", "2.0"], "minor")).toBe("1.3");
  });
});

describe("policyTagProblem", () => {
  it("digest needs only a tag; semver policies need a release version with enough parts", () => {
    expect(policyTagProblem(undefined, "digest")).toMatch(/no tag/);
    expect(policyTagProblem("latest", "digest")).toBeUndefined();
    expect(policyTagProblem("latest", "minor")).toMatch(/not a version/);
    expect(policyTagProblem("1", "minor")).toMatch(/too few/);
    expect(policyTagProblem("1", "major")).toBeUndefined();
  });
});

describe("semver", () => {
  it("parses prefix, parts and pre-release; compares numerically", () => {
    expect(parseVersionTag("v1.2.3-rc.1+b5")).toEqual({
      tag: "v1.2.3-rc.1+b5",
      prefix: "v",
      parts: [1, 2, 3],
      preRelease: "rc.1",
    });
    expect(parseVersionTag("1.2.3.4")).toBeUndefined();
    expect(compareVersions(parseVersionTag("1.10.0")!, parseVersionTag("1.9.0")!)).toBe(1);
  });
});
