/** Scenario 5, planner cost: runs planner-worker.ts in its own process and records its numbers. */
import { join } from "node:path";
import type { BenchContext } from "./context.js";
import type { PlannerReport } from "./planner-worker.js";
import { summarize } from "./stats.js";
import { timedRun } from "./timed-process.js";

export async function plannerCost(ctx: BenchContext): Promise<void> {
  for (const services of ctx.config.plannerServices) await plannerAt(ctx, services);
}

async function plannerAt(ctx: BenchContext, services: number): Promise<void> {
  const worker = join(ctx.paths.repoRoot, "bench/planner-worker.ts");
  // Fewer runs for the largest sizes: one plan there takes a good part of a second.
  const runs = services > 1000 ? Math.min(5, ctx.config.plannerRuns) : ctx.config.plannerRuns;
  const { stdout } = await timedRun(
    process.execPath,
    ["--expose-gc", "--import", "tsx", worker, String(services), String(runs)],
    { env: process.env, cwd: ctx.paths.repoRoot },
  );
  const report = JSON.parse(stdout) as PlannerReport;
  const n = report.services;
  for (const c of report.cases) {
    ctx.results.add("planner", `planConvergence, ${c.name}`, n, c.timesMs, {
      note: `${c.ops} ops; heap: ${c.allocatedHeapMiB.toFixed(1)} MiB allocated per plan, ${c.retainedHeapMiB.toFixed(1)} MiB retained by the plan`,
    });
    ctx.results.add("planner-heap", `planConvergence, ${c.name}`, n, [c.allocatedHeapMiB], {
      unit: "MB",
      note: "heap growth over one plan (no GC in between), MiB",
    });
    ctx.log(`planner N=${n} ${c.name}: median ${summarize(c.timesMs).median.toFixed(1)} ms, ${c.ops} ops`);
  }
  ctx.results.add("planner-rss", "planner process", n, [report.rssMiB], {
    unit: "MB",
    note: `RSS after all planning (${report.rssBeforePlanningMiB.toFixed(0)} MiB before the first plan, with the parsed manifest loaded); parseManifest of the ${n}-service YAML took ${report.parseMs.toFixed(0)} ms (once, cold)`,
  });
}
