import { describe, expect, it } from "vitest";
import { formatDiagnostic, parseManifest } from "./index.js";

describe("formatDiagnostic", () => {
  it("formats an error with a path and a hint", () => {
    expect(
      formatDiagnostic({
        file: "hostwright.yaml",
        line: 6,
        col: 9,
        severity: "error",
        path: "services.api.ports[0]",
        message: "port 70000 is out of range 1..65535",
        hint: 'write "8080" or "18080:8080"',
        code: "HW-MANIFEST-030",
      }),
    ).toBe(
      'hostwright.yaml:6:9: error: services.api.ports[0]: port 70000 is out of range 1..65535\n  hint: write "8080" or "18080:8080"',
    );
  });

  it("omits the path for document-level diagnostics and the hint line when there is none", () => {
    expect(
      formatDiagnostic({
        file: "/srv/app/hostwright.yaml",
        line: 1,
        col: 1,
        severity: "warning",
        path: "",
        message: "no `version`: read as a legacy manifest",
        code: "HW-MANIFEST-009",
      }),
    ).toBe("/srv/app/hostwright.yaml:1:1: warning: no `version`: read as a legacy manifest");
  });

  it("formats what parseManifest reports, end to end", () => {
    const source = "version: 2\nproject: demo\nservices:\n  api:\n    image: busybox\n    depends_on: [db]\n";
    const result = parseManifest(source, { file: "hostwright.yaml", env: {} });
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      "hostwright.yaml:6:5: error: services.api.depends_on: `depends_on` is Docker Compose syntax\n" +
        "  hint: write `dependsOn: {db: ready}` (started | ready | completed)",
    ]);
  });
});
