/**
 * Scenario 6, daemon overhead: an idle `hostwright daemon` supervising 50 services whose readiness
 * probes run every 10 s. CPU % of one core from /proc/<pid>/stat (utime+stime) over consecutive
 * slices of the window, and RSS sampled every second.
 */
import { PortBase } from "./bench-config.js";
import { type BenchContext, projectName } from "./context.js";
import { DaemonProcess } from "./daemon-process.js";
import { waitHttpOk } from "./http-wait.js";
import { cpuSeconds, cpuTimes, rssMiB } from "./proc-stats.js";
import { expectRunning, hostwrightStack, teardown } from "./stacks.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function daemonIdle(ctx: BenchContext): Promise<void> {
  const n = ctx.config.idleServices;
  const stack = hostwrightStack(ctx, projectName(ctx, "hwbidle"), {
    n,
    portBase: PortBase.idle,
    readinessInterval: "10s",
  });
  const daemon = new DaemonProcess(ctx.paths, stack, ctx.dockerHost);
  try {
    await daemon.ready();
    for (let i = 1; i <= n; i++) await waitHttpOk(PortBase.idle + i, 120_000, 100);
    await expectRunning(ctx, stack.label, n);
    // One full probe interval so start-up work (first apply, first probes) is behind us.
    ctx.log(
      `daemon idle: ${n} services up; settling 12 s, then measuring ${ctx.config.idleWindowMs / 1000} s`,
    );
    await sleep(12_000);

    const pid = daemon.pid;
    const cpu: number[] = [];
    const rss: number[] = [];
    const windowStart = performance.now();
    const timesStart = cpuTimes(pid);
    const cpuStart = timesStart.user + timesStart.system;
    let sliceStart = windowStart;
    let sliceCpu = cpuStart;
    while (performance.now() - windowStart < ctx.config.idleWindowMs) {
      await sleep(1000);
      rss.push(rssMiB(pid));
      const now = performance.now();
      if (now - sliceStart >= ctx.config.idleSliceMs - 5) {
        const c = cpuSeconds(pid);
        cpu.push(((c - sliceCpu) / ((now - sliceStart) / 1000)) * 100);
        sliceStart = now;
        sliceCpu = c;
      }
    }
    const windowS = (performance.now() - windowStart) / 1000;
    const timesEnd = cpuTimes(pid);
    const windowCpu = ((timesEnd.user + timesEnd.system - cpuStart) / windowS) * 100;
    const userPct = ((timesEnd.user - timesStart.user) / windowS) * 100;
    const systemPct = ((timesEnd.system - timesStart.system) / windowS) * 100;
    ctx.results.add("daemon-idle-cpu", "hostwright daemon", n, cpu, {
      unit: "%",
      note: `% of one core in consecutive ${ctx.config.idleSliceMs / 1000} s slices`,
    });
    ctx.results.add("daemon-idle-cpu-window", "hostwright daemon", n, [windowCpu], {
      unit: "%",
      note: `utime+stime over the whole window, % of one core (user ${userPct.toFixed(2)} %, system ${systemPct.toFixed(2)} %)`,
    });
    ctx.results.add("daemon-idle-rss", "hostwright daemon", n, rss, {
      unit: "MB",
      note: "VmRSS sampled every 1 s (MiB)",
    });
    ctx.log(`daemon idle: ${windowCpu.toFixed(2)} % CPU, RSS max ${Math.max(...rss).toFixed(1)} MiB`);
    await expectRunning(ctx, stack.label, n);
  } finally {
    await daemon.stop();
    await teardown(ctx, stack.label);
  }
}
