/**
 * One probe loop per running instance that declares probes (Astrolabe's LoopSupervisor): started
 * and stopped as instances come and go, a busy latch so an instance never has two probe rounds in
 * flight, events only on transitions. When liveness fails past its threshold it asks for a pass.
 */
import type { Desired, HwEvent, Observed, ProbeSet, RuntimeAdapter } from "../core/index.js";
import { HealthTracker, type ProbeKind, runProbe } from "../health/index.js";
import type { DaemonMetrics } from "./api/index.js";

interface Loop {
  containerId: string;
  service: string;
  probes: ProbeSet;
  tracker: HealthTracker;
  timer?: NodeJS.Timeout;
  busy: boolean;
  stopped: boolean;
}

export interface HealthLoopDeps {
  runtime: RuntimeAdapter;
  preferHostPort: boolean;
  emit: (e: Omit<HwEvent, "project" | "timestamp" | "correlationId">) => void;
  onRestartNeeded: (name: string) => void;
  metrics?: DaemonMetrics;
}

export class HealthLoops {
  private readonly loops = new Map<string, Loop>();
  private observed: Observed | undefined;

  constructor(private readonly deps: HealthLoopDeps) {}

  /** Align loops with the running containers that declare probes. */
  sync(desired: Desired, observed: Observed): void {
    this.observed = observed;
    const wanted = new Map<string, { containerId: string; service: string }>();
    for (const inst of desired.instances) {
      const p = inst.spec.probes;
      if (!p.startup && !p.readiness && !p.liveness) continue;
      const c = observed.containers.find((x) => x.name === inst.name && x.state === "running");
      if (c) wanted.set(inst.name, { containerId: c.id, service: inst.service });
    }
    for (const [name, loop] of this.loops) {
      const w = wanted.get(name);
      if (!w || w.containerId !== loop.containerId) this.drop(name);
    }
    for (const [name, w] of wanted) {
      if (this.loops.has(name)) continue;
      const spec = desired.services.find((s) => s.name === w.service)!;
      const loop: Loop = {
        ...w,
        probes: spec.probes,
        tracker: new HealthTracker(spec.probes, Date.now()),
        busy: false,
        stopped: false,
      };
      this.loops.set(name, loop);
      this.schedule(name, loop);
    }
  }

  /** Forget an instance's health (it was restarted: a new start gets a new tracker). */
  reset(name: string): void {
    this.drop(name);
  }

  unhealthy(): Set<string> {
    return new Set([...this.loops].filter(([, l]) => l.tracker.restartNeeded()).map(([n]) => n));
  }

  healthOf(name: string): string {
    return this.loops.get(name)?.tracker.state() ?? "none";
  }

  readyOf(name: string): boolean | undefined {
    return this.loops.get(name)?.tracker.ready();
  }

  stop(): void {
    for (const name of [...this.loops.keys()]) this.drop(name);
  }

  private drop(name: string): void {
    const loop = this.loops.get(name);
    if (!loop) return;
    loop.stopped = true;
    if (loop.timer) clearTimeout(loop.timer);
    this.loops.delete(name);
  }

  private schedule(name: string, loop: Loop): void {
    if (loop.stopped) return;
    const due = loop.tracker.nextDueAt() ?? Date.now() + 1000;
    loop.timer = setTimeout(() => void this.round(name, loop), Math.max(0, due - Date.now()));
    loop.timer.unref();
  }

  private async round(name: string, loop: Loop): Promise<void> {
    if (loop.busy || loop.stopped) return;
    loop.busy = true;
    try {
      const c = this.observed?.containers.find((x) => x.id === loop.containerId);
      const target = { containerId: loop.containerId, ...(c?.ip ? { ip: c.ip } : {}), ports: c?.ports ?? [] };
      for (const kind of loop.tracker.due(Date.now()) as ProbeKind[]) {
        const probe = loop.probes[kind];
        if (!probe) continue;
        const result = await runProbe(this.deps.runtime, target, probe.action, {
          timeoutMs: probe.timeoutMs,
          preferHostPort: this.deps.preferHostPort,
        });
        if (loop.stopped) return;
        this.deps.metrics?.probeDuration.observe({ kind }, result.durationMs / 1000);
        const t = loop.tracker.record(kind, result, Date.now());
        if (t) {
          this.deps.emit({
            type: "health_changed",
            severity: t.to === "unhealthy" ? "warning" : "info",
            service: loop.service,
            instance: name,
            message: `${name} is ${t.to} (was ${t.from}) after ${kind} probe: ${result.ok ? "ok" : (result.error ?? result.output).slice(0, 200)}`,
            runtimeRef: loop.containerId,
          });
        }
        if (loop.tracker.restartNeeded()) this.deps.onRestartNeeded(name);
      }
    } finally {
      loop.busy = false;
      this.schedule(name, loop);
    }
  }
}
