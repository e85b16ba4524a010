import { describe, expect, it } from "vitest";
import { shellSplit } from "./shell-split.js";

describe("shellSplit", () => {
  it.each([
    ["httpd -f -p 8080", ["httpd", "-f", "-p", "8080"]],
    ["  sh   -c  'echo hi; exit 1'  ", ["sh", "-c", "echo hi; exit 1"]],
    ['echo "a \\"quoted\\" $HOME"', ["echo", 'a "quoted" $HOME']],
    ["a\\ b c", ["a b", "c"]],
    ["x''y \"\"", ["xy", ""]],
    ["", []],
  ])("%j", (text, words) => {
    expect(shellSplit(text)).toEqual({ words });
  });

  it("reports unterminated quotes", () => {
    expect(shellSplit("echo 'oops")).toEqual({ error: "unterminated single quote" });
    expect(shellSplit('echo "oops')).toEqual({ error: "unterminated double quote" });
  });
});
