/**
 * Replacing one instance whose spec changed. Start-first parks the old container under a
 * temporary name until the new one is up; stop-first stops it first. A rolling stop-first update
 * stops at most `update.maxUnavailable` replicas at a time (at least one: stop-first is also forced
 * by fixed host ports and runtimes without rename, where 0 would mean never) and gates each next
 * batch on the replacements being ready (running without a readiness probe). Pure.
 */
import type { ObservedContainer, ServiceSpec } from "../core/index.js";
import type { InstanceDiff } from "./diff.js";
import type { OpBuilder } from "./op-builder.js";
import type { RecreateStrategy } from "./update-strategy.js";

export interface RecreateContext {
  prereqs: number[];
  depGates: number[];
  startOps: Map<string, number>;
}

/** Plans the recreates of one service's instances, in instance order, one call per instance. */
export class RecreatePlanner {
  private index = 0;
  private startFirstTail: number | undefined;
  /** Await ops of the previous stop-first batch, and of the one being planned. */
  private previousBatch: number[] = [];
  private currentBatch: number[] = [];

  constructor(
    private readonly b: OpBuilder,
    private readonly spec: ServiceSpec,
    private readonly strategy: RecreateStrategy,
    /** How many instances of the service will be recreated in this plan. */
    private readonly total: number,
  ) {}

  add(d: InstanceDiff, old: ObservedContainer, ctx: RecreateContext): void {
    const rolling = this.spec.update.strategy === "rolling";
    if (this.strategy.order === "start-first") {
      const serial = rolling && this.startFirstTail !== undefined ? [this.startFirstTail] : [];
      this.startFirstTail = this.startFirst(d, old, [...ctx.prereqs, ...serial], ctx);
      this.index++;
      return;
    }
    if (!rolling) {
      this.stopFirst(d, old, ctx.prereqs, ctx);
      this.index++;
      return;
    }
    const size = Math.max(1, this.spec.update.maxUnavailable);
    if (this.index > 0 && this.index % size === 0) {
      this.previousBatch = this.currentBatch;
      this.currentBatch = [];
    }
    const batch = Math.floor(this.index / size);
    const start = this.stopFirst(d, old, [...ctx.prereqs, ...this.previousBatch], ctx);
    if ((batch + 1) * size < this.total) this.currentBatch.push(this.awaitUp(d, start, "batch-gate"));
    this.index++;
  }

  private common(d: InstanceDiff) {
    const i = d.instance;
    return { target: `container:${i.name}`, group: i.service, service: i.service, name: i.name };
  }

  private changed(d: InstanceDiff) {
    return { kind: "spec-changed" as const, why: d.why };
  }

  private create(d: InstanceDiff, deps: number[]): number {
    return this.b.add({
      kind: "create",
      ...this.common(d),
      instance: d.instance,
      specHash: d.specHash,
      reason: this.changed(d),
      dependsOn: deps,
    });
  }

  private startReplacement(d: InstanceDiff, create: number, ctx: RecreateContext): number {
    const start = this.b.add({
      kind: "start",
      ...this.common(d),
      reason: { kind: "start-replacement" },
      dependsOn: [create, ...ctx.depGates],
    });
    ctx.startOps.set(d.instance.name, start);
    return start;
  }

  private awaitUp(d: InstanceDiff, start: number, why: "replacement-up" | "batch-gate"): number {
    return this.b.add({
      kind: "await",
      ...this.common(d),
      condition: this.spec.probes.readiness ? "ready" : "running",
      timeoutMs: this.spec.update.progressDeadlineMs,
      reason: { kind: why },
      dependsOn: [start],
    });
  }

  private startFirst(d: InstanceDiff, old: ObservedContainer, deps: number[], ctx: RecreateContext): number {
    const i = d.instance;
    const temp = `${i.name}-old-${old.id.slice(0, 12)}`;
    const rename = this.b.add({
      kind: "rename",
      ...this.common(d),
      runtimeId: old.id,
      to: temp,
      reason: { ...this.changed(d), keepOld: true },
      dependsOn: deps,
    });
    const start = this.startReplacement(d, this.create(d, [rename]), ctx);
    const verify = this.awaitUp(d, start, "replacement-up");
    const parked = {
      target: `container:${temp}`,
      group: i.service,
      service: i.service,
      name: temp,
      replaces: i.name,
      runtimeId: old.id,
      reason: { kind: "replaced" as const },
    };
    const stop = this.b.add({
      kind: "stop",
      ...parked,
      graceMs: this.spec.stopGracePeriodMs,
      dependsOn: [verify],
    });
    return this.b.add({ kind: "remove", ...parked, dependsOn: [stop] });
  }

  /** Returns the replacement's start op. */
  private stopFirst(d: InstanceDiff, old: ObservedContainer, deps: number[], ctx: RecreateContext): number {
    const stop = this.b.add({
      kind: "stop",
      ...this.common(d),
      runtimeId: old.id,
      graceMs: this.spec.stopGracePeriodMs,
      reason: this.changed(d),
      dependsOn: deps,
    });
    const remove = this.b.add({
      kind: "remove",
      ...this.common(d),
      runtimeId: old.id,
      reason: this.changed(d),
      dependsOn: [stop],
    });
    return this.startReplacement(d, this.create(d, [remove, ...deps]), ctx);
  }
}
