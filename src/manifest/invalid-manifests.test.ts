// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests write ${VAR} interpolation literally
import { describe, expect, it } from "vitest";
import { type Diagnostic, parseManifest } from "./index.js";

import { type Case, cases1, cases2, cases3 } from "./testdata/invalid/index.js";

const cases: Case[] = [...cases1, ...cases2, ...cases3];

function findMatch(diagnostics: Diagnostic[], c: Case): Diagnostic | undefined {
  return diagnostics.find(
    (d) =>
      d.severity === "error" &&
      d.line === c.line &&
      d.col === c.col &&
      d.path === c.path &&
      d.message.includes(c.message) &&
      (c.code === undefined || d.code === c.code) &&
      (c.hint === undefined || (d.hint ?? "").includes(c.hint)),
  );
}

describe("invalid manifests", () => {
  it("has a large table", () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
  });

  it.each(cases)("$name", (c) => {
    const result = parseManifest(c.source, { file: "hostwright.yaml", env: c.env ?? {} });
    expect(result.ok).toBe(false);
    const match = findMatch(result.diagnostics, c);
    expect(match, JSON.stringify(result.diagnostics, null, 2)).toBeDefined();
    expect(match?.code).toMatch(/^HW-MANIFEST-\d{3}$/);
  });
});
