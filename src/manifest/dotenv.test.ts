import { describe, expect, it } from "vitest";
import { parseDotenv } from "./index.js";

describe("parseDotenv", () => {
  it("reads the usual forms", () => {
    const text = [
      "# comment",
      "",
      "PLAIN=value",
      "SPACED = padded value  ",
      "export EXPORTED=yes",
      "INLINE=abc # comment",
      "HASH=abc#not-a-comment",
      "SINGLE='literal $X \\n'",
      'DOUBLE="line1\\nline2 \\"q\\""',
      'MULTI="first',
      'second"',
      "EMPTY=",
      "not a line",
      "1BAD=x",
    ].join("\n");
    expect(parseDotenv(text)).toEqual({
      PLAIN: "value",
      SPACED: "padded value",
      EXPORTED: "yes",
      INLINE: "abc",
      HASH: "abc#not-a-comment",
      SINGLE: "literal $X \\n",
      DOUBLE: 'line1\nline2 "q"',
      MULTI: "first\nsecond",
      EMPTY: "",
    });
  });

  it("handles CRLF and a BOM", () => {
    expect(parseDotenv("\uFEFFA=1\r\nB=2\r\n")).toEqual({ A: "1", B: "2" });
  });
});
