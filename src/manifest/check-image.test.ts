import { describe, expect, it } from "vitest";
import { imageProblem } from "./check-image.js";

describe("imageProblem", () => {
  it.each([
    "busybox",
    "busybox:1.36",
    "hostwright.local/busybox:1",
    "ghcr.io/example/api:latest",
    "localhost:5000/team/app_v2:2024.01-rc1",
    `docker.io/library/alpine@sha256:${"0".repeat(64)}`,
    `ghcr.io/a/b:tag@sha256:${"f".repeat(64)}`,
    "[::1]:5000/app",
  ])("accepts %s", (ref) => {
    expect(imageProblem(ref)).toBeUndefined();
  });

  it.each([
    ["", "empty"],
    ["busy box", "whitespace"],
    ["-v", 'must not start with "-"'],
    ["ghcr.io/Example/api", "lowercase"],
    ["busybox@sha256:abc", "64 lowercase hex"],
    ["busybox:", "not a valid image reference"],
    ["a//b", "not a valid image reference"],
  ])("rejects %j", (ref, fragment) => {
    expect(imageProblem(ref)).toContain(fragment);
  });
});
