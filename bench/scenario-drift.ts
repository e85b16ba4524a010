/**
 * Scenario 4, drift repair: a running container dies; time from the kill to the engine's `start`
 * event for it (running) and to HTTP 200 on its port (ready). hostwright daemon (services with a
 * readiness probe) vs the engine's own `restart: always` (the floor).
 *
 * Two ways to kill: `docker kill` (engine API), and SIGKILL to the container's PID 1 from the host
 * (a crash, as the OOM killer or a segfault would cause). The engine's restart policy ignores
 * `docker kill` — it marks the container as stopped by the user — so the floor can only be measured
 * with a crash, and the ratio compares hostwright under the same crash. Each run kills a different
 * service, so neither side's restart back-off is in play.
 */
import { PortBase } from "./bench-config.js";
import { type BenchContext, projectName, rotate } from "./context.js";
import { DaemonProcess } from "./daemon-process.js";
import { waitHttpOk } from "./http-wait.js";
import { serviceName } from "./manifests.js";
import { expectRunning, hostwrightStack, teardown } from "./stacks.js";
import { FLOOR_LABEL, runFloor } from "./tools.js";

const TIMEOUT_MS = 30_000;

interface Side {
  tool: string;
  label: string;
  portBase: number;
  containerName: (service: string) => string;
  /** Which service (1-based) run `run` kills. */
  target: (run: number) => number;
  kill: (id: string) => Promise<void>;
  floor?: boolean;
}

export async function driftRepair(ctx: BenchContext): Promise<void> {
  const runs = ctx.config.runs;
  const hw = hostwrightStack(ctx, projectName(ctx, "hwbdrift"), {
    n: 2 * runs,
    portBase: PortBase.driftHostwright,
    readinessInterval: "1s",
  });
  const floorProject = projectName(ctx, "hwbdriftraw");
  const crash = async (id: string): Promise<void> => {
    process.kill(await ctx.engine.mainPid(id), "SIGKILL");
  };
  const sides: Side[] = [
    {
      tool: "hostwright daemon, container crash (SIGKILL to PID 1)",
      label: hw.label,
      portBase: PortBase.driftHostwright,
      containerName: hw.containerName,
      target: (run) => run + 1,
      kill: crash,
    },
    {
      tool: "hostwright daemon, docker kill",
      label: hw.label,
      portBase: PortBase.driftHostwright,
      containerName: hw.containerName,
      target: (run) => runs + run + 1,
      kill: (id) => ctx.engine.kill(id),
    },
    {
      tool: "engine restart=always, container crash",
      label: FLOOR_LABEL(floorProject),
      portBase: PortBase.driftFloor,
      containerName: (service) => `${floorProject}-${service}-1`,
      target: (run) => run + 1,
      kill: crash,
      floor: true,
    },
  ];
  const daemon = new DaemonProcess(ctx.paths, hw, ctx.dockerHost);
  try {
    await daemon.ready();
    await runFloor(ctx.paths, ctx.socketPath, floorProject, runs, PortBase.driftFloor, {
      concurrency: ctx.config.concurrency,
      restartAlways: true,
    });
    await waitAllReady(ctx, hw.label, PortBase.driftHostwright, 2 * runs);
    await waitAllReady(ctx, FLOOR_LABEL(floorProject), PortBase.driftFloor, runs);
    // Let the daemon's first passes and probes settle before anything is killed.
    await new Promise((r) => setTimeout(r, 2000));

    const running = new Map<string, number[]>(sides.map((s) => [s.tool, []]));
    const ready = new Map<string, number[]>(sides.map((s) => [s.tool, []]));
    for (let run = 0; run < runs; run++) {
      for (const side of rotate(sides, run)) {
        const index = side.target(run);
        const name = side.containerName(serviceName(index));
        const id = (await ctx.engine.idsByName(side.label)).get(name);
        if (!id) throw new Error(`drift: no container ${name}`);
        const started = await ctx.engine.watchFor(name, "start", TIMEOUT_MS);
        const t0 = performance.now();
        await side.kill(id);
        const tRunning = await started.seen;
        const tReady = await waitHttpOk(side.portBase + index, TIMEOUT_MS);
        running.get(side.tool)!.push(tRunning - t0);
        ready.get(side.tool)!.push(tReady - t0);
        ctx.log(
          `drift run ${run + 1}: ${side.tool}: running after ${(tRunning - t0).toFixed(0)} ms, ` +
            `HTTP 200 after ${(tReady - t0).toFixed(0)} ms`,
        );
        // Let the repair pass finish before the next kill.
        await new Promise((r) => setTimeout(r, 1500));
      }
    }
    for (const s of sides) {
      const floor = s.floor ?? false;
      // N = services under the daemon (the floor's containers are as many as there are runs).
      ctx.results.add("drift-running", s.tool, 2 * runs, running.get(s.tool)!, { floor });
      ctx.results.add("drift-ready", s.tool, 2 * runs, ready.get(s.tool)!, { floor });
    }
    await expectRunning(ctx, hw.label, 2 * runs);
    await expectRunning(ctx, FLOOR_LABEL(floorProject), runs);
  } finally {
    await daemon.stop();
    await teardown(ctx, hw.label);
    await teardown(ctx, FLOOR_LABEL(floorProject));
  }
}

async function waitAllReady(ctx: BenchContext, label: string, portBase: number, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await waitHttpOk(portBase + i, 60_000, 100);
  await expectRunning(ctx, label, n);
}
