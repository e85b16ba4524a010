import { planHash } from "./plan-hash.js";
import type { Plan, PlanOp } from "./plan-types.js";

/**
 * The part of a plan that concerns `services` (plus shared prerequisites and dependency gates), for
 * the daemon, which acts only where policy allows. Dependencies on dropped ops are removed; ids are
 * kept so events still point at the full plan's numbering. Pure.
 */
export function restrictPlan(plan: Plan, services: ReadonlySet<string>): Plan {
  const keep = plan.ops.filter((op) =>
    op.service === undefined ? true : services.has(op.service) || op.kind === "await",
  );
  // Shared prerequisites and gates only matter when something kept depends on them.
  const kept = new Set(
    keep.filter((op) => op.service !== undefined && services.has(op.service)).map((op) => op.id),
  );
  let changed = true;
  while (changed) {
    changed = false;
    for (const op of keep) {
      if (!kept.has(op.id)) continue;
      for (const d of op.dependsOn) {
        if (!kept.has(d) && keep.some((k) => k.id === d)) {
          kept.add(d);
          changed = true;
        }
      }
    }
  }
  const ops = plan.ops
    .filter((op) => kept.has(op.id))
    .map((op) => ({ ...op, dependsOn: op.dependsOn.filter((d) => kept.has(d)) }));
  const restricted = {
    ...plan,
    ops,
    services: plan.services.filter((s) => services.has(s.service)),
    drift: plan.drift.filter((d) => services.has(d.service)),
    blocked: plan.blocked.filter((b) => services.has(b.service)),
  };
  const { hash: _h, ...rest } = restricted;
  return { ...restricted, hash: planHash(rest) };
}
