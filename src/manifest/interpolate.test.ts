// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests write ${VAR} interpolation literally
import { describe, expect, it } from "vitest";
import { interpolate } from "./interpolate.js";

const vars: Record<string, string> = { NAME: "api", EMPTY: "" };
const run = (text: string) => interpolate(text, (name) => vars[name]);

describe("interpolate", () => {
  it.each([
    ["plain text", "plain text"],
    ["${NAME}", "api"],
    ["pre-${NAME}-post", "pre-api-post"],
    ["${MISSING:-fallback}", "fallback"],
    ["${EMPTY:-fallback}", "fallback"],
    ["${EMPTY-fallback}", ""],
    ["${MISSING-fallback}", "fallback"],
    ["${MISSING:-a-b:c}", "a-b:c"],
    ["$$NAME costs $$5", "$NAME costs $5"],
    ["$NAME stays", "$NAME stays"],
    ["100$", "100$"],
  ])("%s → %s", (text, expected) => {
    const result = run(text);
    expect(result.errors).toEqual([]);
    expect(result.value).toBe(expected);
  });

  it("names the unset variable", () => {
    expect(run("x-${DB_HOST}").errors).toEqual(["variable DB_HOST is not set"]);
  });

  it("reports every unset variable in one value", () => {
    expect(run("${A}:${B}").errors).toEqual(["variable A is not set", "variable B is not set"]);
  });

  it.each(["${}", "${1X}", "${A:?err}", "${A B}"])("rejects %s", (text) => {
    expect(run(text).errors[0]).toContain("invalid interpolation");
  });

  it("rejects an unterminated expression", () => {
    expect(run("abc ${NAME").errors[0]).toContain("unterminated");
  });

  it("knows when a value came purely from a variable", () => {
    expect(run("${NAME}").fromVariable).toBe(true);
    expect(run("${NAME:-}").fromVariable).toBe(true);
    expect(run("${NAME:-literal}").fromVariable).toBe(false);
    expect(run("x${NAME}").fromVariable).toBe(false);
    expect(run("plain").fromVariable).toBe(false);
  });
});
