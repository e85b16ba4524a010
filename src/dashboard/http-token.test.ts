import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureHttpToken, readHttpToken, tokenPath, tokensMatch } from "./http-token.js";

describe("dashboard token", () => {
  it("is created once with mode 0600, 32 random bytes, and kept across starts", () => {
    const dir = mkdtempSync(join(tmpdir(), "hw-token-"));
    const first = ensureHttpToken(dir);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first, "base64url")).toHaveLength(32);
    expect(statSync(tokenPath(dir)).mode & 0o777).toBe(0o600);
    expect(ensureHttpToken(dir)).toBe(first);
    expect(readHttpToken(dir)).toBe(first);
    expect(ensureHttpToken(mkdtempSync(join(tmpdir(), "hw-token-")))).not.toBe(first);
  });

  it("refuses a file that holds no token, and tightens a readable one", () => {
    const dir = mkdtempSync(join(tmpdir(), "hw-token-"));
    writeFileSync(tokenPath(dir), "short\n", { mode: 0o600 });
    expect(() => ensureHttpToken(dir)).toThrow(/does not hold a dashboard token/);
    const ok = mkdtempSync(join(tmpdir(), "hw-token-"));
    writeFileSync(tokenPath(ok), `${"a".repeat(43)}\n`, { mode: 0o644 });
    expect(ensureHttpToken(ok)).toBe("a".repeat(43));
    expect(statSync(tokenPath(ok)).mode & 0o777).toBe(0o600);
  });

  it("compares whatever the lengths", () => {
    expect(tokensMatch("abc", "abc")).toBe(true);
    expect(tokensMatch("abc", "abd")).toBe(false);
    expect(tokensMatch("abc", "abcd")).toBe(false);
    expect(tokensMatch("abc", "")).toBe(false);
    expect(tokensMatch("abc", undefined)).toBe(false);
  });
});
