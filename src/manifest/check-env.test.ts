import { describe, expect, it } from "vitest";
import { parseManifest } from "./index.js";

describe("secretEnv", () => {
  it("never repeats an invalid reference, which may be the secret itself pasted in its place", () => {
    const text =
      "version: 2\nproject: shop\nservices:\n  api:\n    image: app:1\n    secretEnv:\n      DB: hunter2-s3cret\n";
    const r = parseManifest(text, { file: "/srv/hostwright.yaml", env: {} });
    expect(r.ok).toBe(false);
    const d = r.diagnostics.find((x) => x.path === "services.api.secretEnv.DB");
    expect(d?.message).toContain("invalid secret reference");
    expect(JSON.stringify(r.diagnostics)).not.toContain("hunter2-s3cret");
  });
});
