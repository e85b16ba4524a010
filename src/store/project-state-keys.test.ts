/**
 * Guard: per-project state is read and written only through project-state.ts. A raw key string
 * elsewhere would bypass the typed shapes and could drift from the stored format unnoticed.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectStateKey } from "./project-state.js";

const SRC = join(import.meta.dirname, "..");
const KEYS = ["pause", "stopped", "rolledBack", "recoveryPlan", "recovery", "backoff"] as const;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

describe("project state keys", () => {
  it("keep their stored format", () => {
    expect(KEYS.map((k) => projectStateKey(k, "p"))).toEqual([
      "pause:p",
      "stopped:p",
      "rolledBack:p",
      "recovery-plan:p",
      "recovery:p",
      "daemon:backoff:p",
    ]);
  });

  it("appear as raw strings nowhere outside store/project-state.ts", () => {
    const prefixes = KEYS.map((k) => projectStateKey(k, ""));
    const offenders = sources(SRC)
      .filter((f) => !f.endsWith(join("store", "project-state.ts")))
      .filter((f) => {
        const text = readFileSync(f, "utf8");
        return prefixes.some((p) => text.includes(`"${p}`) || text.includes(`\`${p}\${`));
      });
    expect(offenders).toEqual([]);
  });
});
