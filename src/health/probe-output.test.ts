import { describe, expect, it } from "vitest";
import { capOutput, MAX_PROBE_OUTPUT_BYTES } from "./index.js";

describe("capOutput", () => {
  it("keeps short output and truncates long output to 4 KiB on a character boundary", () => {
    expect(capOutput("short")).toBe("short");
    expect(capOutput("a".repeat(5000))).toHaveLength(MAX_PROBE_OUTPUT_BYTES);
    // "€" is 3 bytes: 4096 is not a multiple of 3, so a naive cut would leave a broken character.
    const euros = capOutput("€".repeat(2000));
    expect(Buffer.byteLength(euros)).toBeLessThanOrEqual(MAX_PROBE_OUTPUT_BYTES);
    expect(euros).toBe("€".repeat(Math.floor(MAX_PROBE_OUTPUT_BYTES / 3)));
  });
});
