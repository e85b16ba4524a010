/**
 * Scenario 1, cold converge: N services from nothing. hostwright apply (fresh state directory each
 * run) vs docker-compose up -d vs the raw-API floor, tools alternating, teardown untimed. Every run
 * uses fresh project names, so a network the engine fails to release never meets the next run.
 */
import { PortBase } from "./bench-config.js";
import { type BenchContext, projectName, rotate } from "./context.js";
import { composePortBase, composeStack, expectRunning, hostwrightStack, teardown } from "./stacks.js";
import { FLOOR_LABEL, runFloor } from "./tools.js";

interface Contender {
  tool: string;
  floor?: boolean;
  /** Converges once; returns the process wall time (the floor also its in-process time). */
  run(run: number): Promise<{ ms: number; label: string; inProcessMs?: number }>;
}

export async function coldConverge(ctx: BenchContext): Promise<void> {
  for (const n of ctx.config.coldNs) {
    const contenders: Contender[] = [
      {
        tool: "hostwright apply",
        run: async (run) => {
          // A fresh state directory each run: the first apply on a machine, store creation included.
          const stack = hostwrightStack(ctx, projectName(ctx, `hwbcold${n}r${run}`), {
            n,
            portBase: PortBase.hostwright,
          });
          const r = await stack.tool.apply(ctx.dockerHost, ctx.config.concurrency);
          return { ms: r.ms, label: stack.label };
        },
      },
      ...ctx.composeVariants.map(
        (variant): Contender => ({
          tool: `${variant === "v1" ? "docker-compose v1" : "docker compose v2"} up -d`,
          run: async (run) => {
            const stack = composeStack(ctx, projectName(ctx, `hwbcold${n}${variant}r${run}`), variant, {
              n,
              portBase: composePortBase(variant),
            });
            const r = await stack.tool.up(ctx.dockerHost);
            return { ms: r.ms, label: stack.label };
          },
        }),
      ),
      {
        tool: "raw API floor",
        floor: true,
        run: async (run) => {
          const project = projectName(ctx, `hwbcold${n}rawr${run}`);
          const r = await runFloor(ctx.paths, ctx.socketPath, project, n, PortBase.floor, {
            concurrency: ctx.config.concurrency,
          });
          return { ms: r.ms, label: FLOOR_LABEL(project), inProcessMs: r.inProcessMs };
        },
      },
    ];
    const samples = new Map<string, number[]>(contenders.map((c) => [c.tool, []]));
    const inProcess: number[] = [];
    for (let run = 0; run < ctx.config.runs; run++) {
      for (const c of rotate(contenders, run)) {
        const result = await c.run(run);
        try {
          await expectRunning(ctx, result.label, n);
        } finally {
          await teardown(ctx, result.label);
        }
        samples.get(c.tool)!.push(result.ms);
        if (result.inProcessMs !== undefined) inProcess.push(result.inProcessMs);
        ctx.log(`cold N=${n} run ${run + 1}: ${c.tool} ${result.ms.toFixed(0)} ms`);
      }
    }
    for (const c of contenders) {
      ctx.results.add("cold", c.tool, n, samples.get(c.tool)!, c.floor ? { floor: true } : {});
    }
    ctx.results.add("cold", "raw API floor (in-process, no node start-up)", n, inProcess, {
      note: "the floor script's own timer: engine calls only",
    });
  }
}
