import { planHash } from "./plan-hash.js";
import type { Plan, PlanOp } from "./plan-types.js";

/**
 * The part of a plan the daemon may act on: ops of `services` (or those `select` picks), the rest
 * of any chain they start (a recreate's stop/remove of the old container), and the shared
 * prerequisites and dependency gates they need. Dependencies on dropped ops are removed; ids are
 * kept so events still point at the full plan's numbering. Pure.
 */
export function restrictPlan(
  plan: Plan,
  services: ReadonlySet<string>,
  select?: (op: PlanOp) => boolean,
): Plan {
  const primary = select ?? ((op: PlanOp) => op.service !== undefined && services.has(op.service));
  const byId = new Map(plan.ops.map((op) => [op.id, op]));
  const kept = new Set(plan.ops.filter(primary).map((op) => op.id));
  let changed = true;
  while (changed) {
    changed = false;
    for (const op of plan.ops) {
      const key = instanceKey(op);
      const continuesChain =
        key !== undefined && op.dependsOn.some((d) => kept.has(d) && instanceKey(byId.get(d)) === key);
      if (!kept.has(op.id) && continuesChain) {
        kept.add(op.id);
        changed = true;
      }
      if (!kept.has(op.id)) continue;
      for (const d of op.dependsOn) {
        if (!kept.has(d) && byId.has(d)) {
          kept.add(d);
          changed = true;
        }
      }
    }
  }
  const ops = plan.ops
    .filter((op) => kept.has(op.id))
    .map((op) => ({ ...op, dependsOn: op.dependsOn.filter((d) => kept.has(d)) }));
  const touched = new Set([
    ...services,
    ...ops.filter((o) => o.kind !== "await").flatMap((o) => (o.service ? [o.service] : [])),
  ]);
  const restricted = {
    ...plan,
    ops,
    services: plan.services.filter((s) => touched.has(s.service)),
    drift: plan.drift.filter((d) => touched.has(d.service)),
    blocked: plan.blocked.filter((b) => touched.has(b.service)),
  };
  const { hash: _h, ...rest } = restricted;
  return { ...restricted, hash: planHash(rest) };
}

/** The instance an op is about: its container, or the instance a parked old container was replaced by. */
function instanceKey(op: PlanOp | undefined): string | undefined {
  if (!op || !("name" in op) || op.target.startsWith("network:") || op.target.startsWith("volume:"))
    return undefined;
  return ("replaces" in op ? op.replaces : undefined) ?? op.name;
}
