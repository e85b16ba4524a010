/**
 * Stage 2 of planConvergence: dependency gates. A dependent's starts wait for its dependencies'
 * start ops ("started") or for await ops on them ("ready"/"healthy"), each planned once. Pure.
 */
import type { DependencyCondition, ServiceSpec } from "../core/index.js";
import { compareCodeUnits } from "../core/index.js";
import type { InstanceDiff } from "./diff.js";
import type { OpBuilder } from "./op-builder.js";

export class DependencyGates {
  /** container name → its start op, filled as services are planned (dependencies first). */
  readonly startOps = new Map<string, number>();
  private readonly cache = new Map<string, number[]>();

  constructor(
    private readonly b: OpBuilder,
    private readonly byService: ReadonlyMap<string, InstanceDiff[]>,
    private readonly services: readonly ServiceSpec[],
    private readonly blocked: ReadonlyMap<string, string>,
  ) {}

  /** The op ids a service's starts wait for (none when nothing of it needs starting). */
  forService(spec: ServiceSpec, needsStart: boolean): number[] {
    if (!needsStart) return [];
    return Object.entries(spec.dependsOn)
      .sort(([a], [c]) => compareCodeUnits(a, c))
      .flatMap(([name, cond]) => {
        const dep = this.services.find((s) => s.name === name);
        return dep && !this.blocked.has(name) ? this.gate(dep, cond) : [];
      });
  }

  private gate(dep: ServiceSpec, condition: DependencyCondition): number[] {
    const key = `${dep.name}\u0000${condition}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const ids: number[] = [];
    for (const d of this.byService.get(dep.name) ?? []) {
      const start = this.startOps.get(d.instance.name);
      if (condition === "started") {
        if (start) ids.push(start);
        continue;
      }
      ids.push(
        this.b.add({
          kind: "await",
          target: `container:${d.instance.name}`,
          group: dep.name,
          service: dep.name,
          name: d.instance.name,
          condition,
          timeoutMs: dep.update.progressDeadlineMs,
          ...(d.container && !start ? { runtimeId: d.container.id } : {}),
          reason: { kind: "dependency-gate", service: dep.name, condition },
          dependsOn: start ? [start] : [],
        }),
      );
    }
    this.cache.set(key, ids);
    return ids;
  }
}
