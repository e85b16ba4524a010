import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DiagnosticCode, parseManifest } from "./index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = readFileSync(path.resolve(here, "../../docs/manifest.md"), "utf8");

describe("docs/manifest.md", () => {
  it("documents every diagnostic code", () => {
    for (const code of Object.values(DiagnosticCode)) expect(docs, code).toContain(`| ${code} |`);
  });

  it("has a full example that validates without diagnostics", () => {
    const example = /## Full example\n\n```yaml\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(example).toBeDefined();
    const result = parseManifest(example ?? "", { file: "/srv/shop/hostwright.yaml", env: {} });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
