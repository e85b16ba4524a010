import { describe, expect, it } from "vitest";
import { isIgnored, parseDockerignore } from "./build-context.js";

describe(".dockerignore rules", () => {
  const rules = parseDockerignore("# comment\nnode_modules\n*.log\n**/tmp\n!keep.log\n/dist/\n");
  it.each([
    ["node_modules/a/b.js", true],
    ["app.log", true],
    ["keep.log", false],
    ["sub/app.log", false],
    ["a/b/tmp/x", true],
    ["tmp", true],
    ["dist/main.js", true],
    ["src/dist.ts", false],
    ["server.sh", false],
  ])("%s ignored: %s", (path, ignored) => {
    expect(isIgnored(path, rules)).toBe(ignored);
  });
});
