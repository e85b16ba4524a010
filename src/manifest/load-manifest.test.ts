// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests write ${VAR} interpolation literally
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DiagnosticCode, loadManifest } from "./index.js";

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), "hw-manifest-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("loadManifest", () => {
  it("reports a missing file as one diagnostic at 1:1", async () => {
    const file = path.join(tempDir(), "hostwright.yaml");
    const result = await loadManifest(file, { env: {} });
    expect(result).toEqual({
      ok: false,
      diagnostics: [
        expect.objectContaining({
          file,
          line: 1,
          col: 1,
          severity: "error",
          path: "",
          code: DiagnosticCode.fileUnreadable,
        }),
      ],
    });
    expect(result.diagnostics[0]?.message).toContain("no such file");
  });

  it("reports a directory as unreadable", async () => {
    const result = await loadManifest(tempDir(), { env: {} });
    expect(result.diagnostics).toMatchObject([
      { code: DiagnosticCode.fileUnreadable, message: expect.stringContaining("directory") },
    ]);
  });

  it("reads .env beside the manifest, with the environment winning", async () => {
    const dir = tempDir();
    const file = path.join(dir, "hostwright.yaml");
    writeFileSync(
      file,
      "version: 2\nproject: ${PROJECT}\nservices:\n  api:\n    image: busybox:${TAG}\n    volumes: [./data:/data]\n",
    );
    writeFileSync(path.join(dir, ".env"), "PROJECT=from-dotenv\nTAG=1\n");
    const result = await loadManifest(file, { env: { TAG: "2" } });
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.desired.project).toBe("from-dotenv");
    expect(result.desired.services[0]?.image).toBe("busybox:2");
    expect(result.desired.sourcePath).toBe(file);
    expect(result.desired.services[0]?.volumes[0]?.source).toBe(path.join(dir, "data"));
  });

  it("works without a .env", async () => {
    const dir = tempDir();
    const file = path.join(dir, "hostwright.yaml");
    writeFileSync(file, "version: 2\nproject: p\nservices:\n  api:\n    image: busybox\n");
    const result = await loadManifest(file, { env: {} });
    expect(result.ok).toBe(true);
  });
});
