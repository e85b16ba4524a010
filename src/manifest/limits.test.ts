import { describe, expect, it } from "vitest";
import { DiagnosticCode, parseManifest } from "./index.js";
import { excessiveBracketNesting, ManifestLimits } from "./limits.js";

const parse = (source: string) => parseManifest(source, { file: "hostwright.yaml", env: {} });
const errorsOf = (source: string) => parse(source).diagnostics.filter((d) => d.severity === "error");

describe("resource limits", () => {
  it("refuses a billion-laughs document by node count", () => {
    let source = 'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let previous = "a";
    for (const name of "bcdefghi") {
      source += `x-${name}: &${name} [${Array(9).fill(`*${previous}`).join(",")}]\n`;
      previous = name;
    }
    source += "version: 2\nproject: lol\nservices:\n  api:\n    image: busybox\n    command: *i\n";
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: DiagnosticCode.limitExceeded, path: "" });
    expect(errors[0]?.message).toContain(`more than ${ManifestLimits.maxNodes} nodes`);
  });

  it("refuses more than 1 MiB", () => {
    const source = `project: big\n# ${"x".repeat(ManifestLimits.maxBytes)}\n`;
    expect(errorsOf(source)).toMatchObject([
      { code: DiagnosticCode.limitExceeded, line: 1, col: 1, message: expect.stringContaining("1 MiB") },
    ]);
  });

  it("refuses nesting deeper than 64 levels", () => {
    const source = `version: 2\nproject: deep\nservices:\n  api:\n    image: busybox\n    labels: {a: ${"[".repeat(70)}${"]".repeat(70)}}\n`;
    const errors = errorsOf(source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: DiagnosticCode.limitExceeded, line: 6 });
    expect(errors[0]?.message).toContain("nesting deeper than 64");
  });

  it("refuses absurd bracket nesting before parsing it", () => {
    const source = `a: ${"[".repeat(200_000)}`;
    expect(excessiveBracketNesting(source)).toBe(3 + 1000);
    expect(errorsOf(source)).toMatchObject([{ code: DiagnosticCode.limitExceeded, line: 1, col: 1004 }]);
  });

  it("refuses too many aliases", () => {
    const aliases = Array(ManifestLimits.maxAliases + 1)
      .fill("*v")
      .join(", ");
    const source = `x-v: &v 1\nversion: 2\nproject: p\nservices:\n  api:\n    image: busybox\n    command: [${aliases}]\n`;
    expect(errorsOf(source)).toMatchObject([
      { code: DiagnosticCode.limitExceeded, message: expect.stringContaining("aliases") },
    ]);
  });

  it("reports a merge of something that is not a map", () => {
    const source = "x-a: &a [1]\nversion: 2\nproject: p\nservices:\n  api:\n    <<: *a\n    image: busybox\n";
    expect(errorsOf(source)).toMatchObject([
      { code: DiagnosticCode.wrongType, line: 6, col: 5, message: expect.stringContaining("merge key") },
    ]);
  });
});
