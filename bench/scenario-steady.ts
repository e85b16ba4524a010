/**
 * Scenarios 2 and 3 share their set-up: both tools' stacks of N services converged side by side on
 * one engine (distinct ports), then
 *  - no-op converge: hostwright apply, hostwright plan, compose up -d, alternating; plus one run of
 *    each through the counting proxy to count engine API calls;
 *  - one change among N: one service's env edited per run; time to converge, and a check that only
 *    that service's container id changed.
 */
import { join } from "node:path";
import { PortBase } from "./bench-config.js";
import { type BenchContext, projectName, rotate } from "./context.js";
import { startCountingProxy } from "./counting-proxy.js";
import { notMeasured } from "./feature-gate.js";
import { serviceName } from "./manifests.js";
import {
  type ComposeStack,
  composePortBase,
  composeStack,
  expectRunning,
  type HostwrightStack,
  hostwrightStack,
  teardown,
} from "./stacks.js";
import type { TimedRun } from "./timed-process.js";

const SETUP_BATCH = 50;

interface Stacks {
  hostwright: HostwrightStack;
  compose: ComposeStack[];
}

export async function steadyState(ctx: BenchContext): Promise<void> {
  const ns = [...new Set([...ctx.config.noopNs, ...ctx.config.changeNs])].sort((a, b) => a - b);
  const capacity = await ctx.engine.networkCapacity(projectName(ctx, "hwbcapacity"));
  for (const n of ns) {
    if (n > capacity) {
      const why = `one network of this engine holds ${capacity} containers (its address pool hands out small subnets; scripts/bench.sh starts its engine with HOSTWRIGHT_ENGINE_POOL_SIZE=22) and hostwright cannot declare the default network's subnet yet`;
      notMeasured(ctx, `No-op and one change at N=${n}`, why);
      continue;
    }
    const stacks: Stacks = {
      hostwright: hostwrightStack(ctx, projectName(ctx, `hwbsteady${n}`), {
        n,
        portBase: PortBase.hostwright,
      }),
      compose:
        n > ctx.config.composeMaxN
          ? []
          : ctx.composeVariants.map((v) =>
              composeStack(ctx, projectName(ctx, `hwbsteady${n}${v}`), v, {
                n,
                portBase: composePortBase(v),
              }),
            ),
    };
    if (n > ctx.config.composeMaxN && ctx.composeVariants.length > 0) {
      const note = `docker-compose is not measured above N=${ctx.config.composeMaxN} (no-op and one change): setting up its stack of ${n} takes minutes and would break the benchmark's time budget; hostwright alone runs there.`;
      if (!ctx.results.notes.includes(note)) ctx.results.notes.push(note);
    }
    const all = [stacks.hostwright, ...stacks.compose];
    // Set-up inside the try: a failed set-up (e.g. an engine out of addresses) still tears down.
    try {
      ctx.log(`steady N=${n}: converging both stacks (untimed)`);
      await stacks.hostwright.tool.apply(ctx.dockerHost, ctx.config.concurrency);
      // Set-up only: compose brings large stacks up in batches, since one `up` of a couple of hundred
      // new containers can stall docker-compose 1.29 (see Compose.up). The timed runs are plain `up -d`.
      for (const s of stacks.compose) {
        for (let first = 1; first <= n; first += SETUP_BATCH) {
          const batch = Array.from({ length: Math.min(SETUP_BATCH, n - first + 1) }, (_, k) =>
            serviceName(first + k),
          );
          await s.tool.up(ctx.dockerHost, { services: batch });
        }
      }
      for (const s of all) await expectRunning(ctx, s.label, n);
      if (ctx.config.noopNs.includes(n)) await noopConverge(ctx, n, stacks);
      if (ctx.config.changeNs.includes(n)) await oneChange(ctx, n, stacks);
    } finally {
      for (const s of all) await teardown(ctx, s.label);
    }
  }
}

async function noopConverge(ctx: BenchContext, n: number, stacks: Stacks): Promise<void> {
  const contenders: Array<{ tool: string; run: (dockerHost: string) => Promise<TimedRun> }> = [
    { tool: "hostwright apply", run: (h) => stacks.hostwright.tool.apply(h, ctx.config.concurrency) },
    { tool: "hostwright plan", run: (h) => stacks.hostwright.tool.plan(h) },
    ...stacks.compose.map((s) => ({ tool: `${s.tool.tool} up -d`, run: (h: string) => s.tool.up(h) })),
  ];
  const samples = new Map<string, number[]>(contenders.map((c) => [c.tool, []]));
  for (let run = 0; run < ctx.config.runs; run++) {
    for (const c of rotate(contenders, run)) {
      const r = await c.run(ctx.dockerHost);
      samples.get(c.tool)!.push(r.ms);
      ctx.log(`no-op N=${n} run ${run + 1}: ${c.tool} ${r.ms.toFixed(0)} ms`);
    }
  }
  for (const c of contenders) ctx.results.add("noop", c.tool, n, samples.get(c.tool)!);

  // Engine calls, counted from outside by a proxy between the tool and dockerd (untimed runs).
  const proxy = await startCountingProxy(ctx.socketPath, join(ctx.paths.workDir, "count.sock"));
  try {
    for (const c of contenders) {
      proxy.reset();
      await c.run(proxy.dockerHost);
      const counted = proxy.counts();
      ctx.results.apiCalls.push({ tool: c.tool, n, ...counted });
      ctx.log(`no-op N=${n}: ${c.tool} made ${counted.calls} engine API calls`);
    }
  } finally {
    await proxy.close();
  }
  // A no-op must leave everything as it was.
  for (const s of [stacks.hostwright, ...stacks.compose]) await expectRunning(ctx, s.label, n);
}

async function oneChange(ctx: BenchContext, n: number, stacks: Stacks): Promise<void> {
  interface Changer {
    tool: string;
    label: string;
    revisions: Map<number, string>;
    apply: (index: number, rev: string) => Promise<TimedRun>;
    containerName: (service: string) => string;
  }
  const envFor =
    (revisions: Map<number, string>) =>
    (i: number): Record<string, string> => {
      const rev = revisions.get(i);
      return rev === undefined ? {} : { BENCH_REV: rev };
    };
  const hw = stacks.hostwright;
  const changers: Changer[] = [
    {
      tool: "hostwright apply",
      label: hw.label,
      revisions: new Map(),
      apply(index, rev) {
        this.revisions.set(index, rev);
        hw.write({ n, portBase: PortBase.hostwright, env: envFor(this.revisions) });
        return hw.tool.apply(ctx.dockerHost, ctx.config.concurrency);
      },
      containerName: hw.containerName,
    },
    ...stacks.compose.map(
      (s): Changer => ({
        tool: `${s.tool.tool} up -d`,
        label: s.label,
        revisions: new Map(),
        apply(index, rev) {
          this.revisions.set(index, rev);
          s.write({ n, portBase: composePortBase(s.tool.variant), env: envFor(this.revisions) });
          return s.tool.up(ctx.dockerHost);
        },
        containerName: s.containerName,
      }),
    ),
  ];
  const samples = new Map<string, number[]>(changers.map((c) => [c.tool, []]));
  const wrong = new Map<string, string[]>(changers.map((c) => [c.tool, []]));
  for (let run = 0; run < ctx.config.runs; run++) {
    // A different service each run, spread over the stack.
    const index = ((run * 7) % n) + 1;
    const service = serviceName(index);
    for (const c of rotate(changers, run)) {
      const before = await ctx.engine.idsByName(c.label);
      const r = await c.apply(index, `run${run}`);
      const after = await ctx.engine.idsByName(c.label);
      await expectRunning(ctx, c.label, n);
      const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
        (name) => before.get(name) !== after.get(name),
      );
      const expected = c.containerName(service);
      if (changed.length !== 1 || changed[0] !== expected) {
        wrong
          .get(c.tool)!
          .push(`run ${run + 1}: changed ${service}, ids changed: ${changed.join(", ") || "none"}`);
      }
      samples.get(c.tool)!.push(r.ms);
      ctx.log(
        `one change N=${n} run ${run + 1}: ${c.tool} ${r.ms.toFixed(0)} ms, ${changed.length} id(s) changed`,
      );
    }
  }
  for (const c of changers) {
    ctx.results.add("change", c.tool, n, samples.get(c.tool)!);
    const problems = wrong.get(c.tool)!;
    ctx.results.checks.push({
      scenario: "change",
      tool: c.tool,
      n,
      ok: problems.length === 0,
      detail:
        problems.length === 0
          ? `in all ${ctx.config.runs} runs exactly one container id changed: the edited service's`
          : problems.join("; "),
    });
  }
}
