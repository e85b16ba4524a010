import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseManifest } from "./index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const BASES = [
  ...["smallest.yaml", "swift-readme.yaml", "full.yaml"].map((f) => path.join(here, "testdata", f)),
  path.resolve(here, "../../examples/hello/hostwright.yaml"),
].map((file) => readFileSync(file, "utf8"));

/** mulberry32: a tiny seeded PRNG, so a failure reproduces from its iteration number. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WRONG_VALUES = [
  "[]",
  "{}",
  "~",
  "42",
  "-1",
  "true",
  '"x"',
  "[a, b]",
  "{a: 1}",
  "0o777",
  "1e9",
  "*nope",
  "&a",
  "!tag x",
  "'",
  "${X",
];
const GARBAGE = [
  "\u0000",
  "\t",
  ":",
  "{",
  "}",
  "[",
  "]",
  "&",
  "*",
  "!",
  "|",
  ">",
  "%",
  "@",
  "`",
  "#",
  "-",
  "?",
  "\ufeff",
  "é",
  "🙂",
  "\r",
  "\n  ",
  '"',
];

function mutate(text: string, random: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const lines = text.split("\n");
  const at = Math.floor(random() * lines.length);
  switch (Math.floor(random() * 5)) {
    case 0: // delete a key (its line)
      lines.splice(at, 1);
      return lines.join("\n");
    case 1: {
      // give a key a value of the wrong type
      const line = lines[at] ?? "";
      const colon = line.indexOf(": ");
      lines[at] =
        colon === -1 ? `${line} ${pick(WRONG_VALUES)}` : `${line.slice(0, colon + 2)}${pick(WRONG_VALUES)}`;
      return lines.join("\n");
    }
    case 2: // truncate at a random offset
      return text.slice(0, Math.floor(random() * text.length));
    case 3: {
      // insert garbage bytes
      const offset = Math.floor(random() * (text.length + 1));
      let junk = "";
      for (let n = 1 + Math.floor(random() * 4); n > 0; n--) junk += pick(GARBAGE);
      return text.slice(0, offset) + junk + text.slice(offset);
    }
    default: // duplicate a line somewhere
      lines.splice(Math.floor(random() * lines.length), 0, lines[at] ?? "");
      return lines.join("\n");
  }
}

describe("property: mutated manifests", () => {
  it("never throw, and always give a model or at least one positioned error", () => {
    const random = prng(20261122);
    let valid = 0;
    for (let i = 0; i < 1000; i++) {
      let source = BASES[i % BASES.length] as string;
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) source = mutate(source, random);
      const result = parseManifest(source, { file: "/srv/app/hostwright.yaml", env: {} });
      const context = `iteration ${i}:\n${source}`;
      for (const d of result.diagnostics) {
        expect(Number.isInteger(d.line) && d.line >= 1, context).toBe(true);
        expect(Number.isInteger(d.col) && d.col >= 1, context).toBe(true);
        expect(d.code, context).toMatch(/^HW-MANIFEST-\d{3}$/);
      }
      if (result.ok) {
        valid++;
        expect(
          result.diagnostics.every((d) => d.severity === "warning"),
          context,
        ).toBe(true);
        expect(result.desired.hash, context).toMatch(/^[0-9a-f]{64}$/);
      } else {
        expect(
          result.diagnostics.filter((d) => d.severity === "error").length,
          context,
        ).toBeGreaterThanOrEqual(1);
      }
    }
    // Both outcomes must occur, or the mutations are not exercising anything.
    expect(valid).toBeGreaterThan(0);
    expect(valid).toBeLessThan(1000);
  }, 60_000); // 1,000 full parses: seconds on a loaded 2-core CI machine, over vitest's 5 s default
});
