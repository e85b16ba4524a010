/** What every scenario gets: configuration, paths, the engine, where results go, and a logger. */
import type { BenchConfig } from "./bench-config.js";
import type { EngineApi } from "./engine-api.js";
import type { ResultSet } from "./results.js";
import type { BenchPaths, ComposeVariant } from "./tools.js";

export interface BenchContext {
  config: BenchConfig;
  paths: BenchPaths;
  engine: EngineApi;
  /** The engine's unix socket and the DOCKER_HOST naming it. */
  socketPath: string;
  dockerHost: string;
  /** Compose CLIs present on this machine (v1 always; v2 only when the plugin exists). */
  composeVariants: ComposeVariant[];
  results: ResultSet;
  log: (message: string) => void;
  /** A few random characters appended to every project name, so one run never meets another's leftovers. */
  runTag: string;
}

/** The project name for `base` in this run (lowercase letters and digits: valid for every tool). */
export function projectName(ctx: Pick<BenchContext, "runTag">, base: string): string {
  return `${base}${ctx.runTag}`;
}

/** The tools of one run, rotated by the run number so no tool always goes first. */
export function rotate<T>(items: readonly T[], run: number): T[] {
  const k = run % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
