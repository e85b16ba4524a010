/** Stage 3 of planConvergence: one service's instances brought to their declared state. Pure. */
import type { ServiceSpec } from "../core/index.js";
import type { InstanceDiff } from "./diff.js";
import type { OpBuilder } from "./op-builder.js";
import type { PlanInput } from "./plan-input.js";
import { type RecreateContext, RecreatePlanner } from "./plan-recreate.js";
import type { ServiceChange } from "./plan-types.js";
import { recreateStrategy } from "./update-strategy.js";

export function planService(
  b: OpBuilder,
  spec: ServiceSpec,
  instances: InstanceDiff[],
  ctx: RecreateContext & { runtime: PlanInput["runtime"] },
): ServiceChange {
  const counts = { create: 0, recreate: 0, start: 0 };
  const strategy = recreateStrategy(spec, ctx.runtime);
  const total = instances.filter((d) => d.status === "modified" && d.container).length;
  const recreates = new RecreatePlanner(b, spec, strategy, total);
  for (const d of instances) {
    const i = d.instance;
    const common = { target: `container:${i.name}`, group: i.service, service: i.service, name: i.name };
    if (d.status === "missing") {
      const create = b.add({
        kind: "create",
        ...common,
        instance: i,
        specHash: d.specHash,
        reason: { kind: "missing", why: d.why },
        dependsOn: [...ctx.prereqs],
      });
      const start = b.add({
        kind: "start",
        ...common,
        reason: { kind: "start-new" },
        dependsOn: [create, ...ctx.depGates],
      });
      ctx.startOps.set(i.name, start);
      counts.create++;
    } else if (d.status === "stopped" && d.container) {
      const start = b.add({
        kind: "start",
        ...common,
        runtimeId: d.container.id,
        reason: { kind: "stopped", why: d.why },
        dependsOn: ctx.depGates,
      });
      ctx.startOps.set(i.name, start);
      counts.start++;
    } else if (d.status === "unhealthy" && d.container) {
      // Liveness failure: restart in place (Docker's missing feature), never a recreate.
      const stop = b.add({
        kind: "stop",
        ...common,
        runtimeId: d.container.id,
        graceMs: spec.stopGracePeriodMs,
        reason: { kind: "unhealthy", why: d.why },
        dependsOn: [],
      });
      const start = b.add({
        kind: "start",
        ...common,
        runtimeId: d.container.id,
        reason: { kind: "liveness-restart" },
        dependsOn: [stop, ...ctx.depGates],
      });
      ctx.startOps.set(i.name, start);
      counts.start++;
    } else if (d.status === "modified" && d.container) {
      recreates.add(d, d.container, ctx);
      counts.recreate++;
    }
  }
  const parts = [
    counts.create ? `create ${counts.create}` : "",
    counts.recreate ? `recreate ${counts.recreate} ${strategy.order} (${strategy.reason})` : "",
    counts.start ? `start ${counts.start}` : "",
  ].filter(Boolean);
  const action = counts.recreate
    ? "recreate"
    : counts.create
      ? "create"
      : counts.start
        ? "start"
        : "unchanged";
  const causes = [...new Set(instances.filter((d) => d.status !== "ok").map((d) => d.detail))];
  return {
    service: spec.name,
    action,
    ...(counts.recreate ? { strategy } : {}),
    detail: parts.length ? `${parts.join(", ")}: ${causes.join("; ")}` : "in sync",
  };
}
