/**
 * Scenarios for features other work adds (builds, pull policies): run only when this tree's
 * hostwright accepts the manifest, otherwise record a "not measured: <why>" note — never skip
 * silently.
 */
import { basename, join } from "node:path";
import type { BenchContext } from "./context.js";
import { timedRun } from "./timed-process.js";

/** undefined when `hostwright validate -f file` accepts it; else why not (its first complaint). */
export async function unsupportedReason(
  ctx: BenchContext,
  file: string,
  feature: string,
): Promise<string | undefined> {
  const bin = join(ctx.paths.repoRoot, "bin/hostwright.js");
  try {
    await timedRun(process.execPath, [bin, "validate", "-f", file], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1" },
    });
    return undefined;
  } catch (err) {
    // timedRun's message: the command line, then the output's tail; the first complaint says why.
    const lines = (err instanceof Error ? err.message : String(err)).split("\n").slice(1);
    const errors = lines.filter((l) => l.includes("error"));
    const first = errors.find((l) => l.includes(feature)) ?? errors[0] ?? lines[0] ?? "";
    return `hostwright validate refuses its manifest (${first.replace(file, basename(file)).trim().slice(0, 200)})`;
  }
}

export function notMeasured(ctx: BenchContext, scenario: string, why: string): void {
  const note = `${scenario}: not measured: ${why}`;
  ctx.log(note);
  ctx.results.notes.push(note);
}
