import type { Plan, PlanOp } from "./plan-types.js";
import { canonicalJson, sha256 } from "./spec-hash.js";

/**
 * Content hash of a plan: what would be done and why (the typed reasons, not their text), not when
 * it was observed. plan-hash.test.ts pins one value: changing what is hashed is a visible decision.
 */
export function planHash(plan: Omit<Plan, "hash">): string {
  return sha256(
    canonicalJson({
      v: 2,
      project: plan.project,
      desiredHash: plan.desiredHash,
      ops: plan.ops.map(hashableOp),
      blocked: plan.blocked,
    }),
  );
}

function hashableOp(op: PlanOp): unknown {
  // The full instance spec is represented by its hash; runtime ids pin the exact containers.
  if (op.kind === "create") {
    const { instance, ...rest } = op;
    return { ...rest, instance: instance.id };
  }
  return op;
}
