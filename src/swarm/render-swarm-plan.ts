/** A swarm plan as text, one line per operation, each with its cause. */
import type { SwarmOp, SwarmOpReason, SwarmPlan } from "./swarm-plan-types.js";

export function renderSwarmReason(r: SwarmOpReason): string {
  switch (r.code) {
    case "missing":
      return "not present";
    case "spec-changed":
      return r.fromHash
        ? `spec changed (${r.fromHash.slice(0, 12)} → ${r.toHash.slice(0, 12)})`
        : "spec changed";
    case "failover":
      return `failover to node ${r.to}`;
    case "failback":
      return "back to its declared node";
    case "not-declared":
      return "no longer declared";
    case "down":
      return "down";
    case "unreferenced":
      return "no longer referenced";
  }
}

export function renderSwarmOp(op: SwarmOp): string {
  switch (op.kind) {
    case "ensure-network":
      return `+ create overlay network ${op.name}`;
    case "create-service":
      return `+ create service ${op.name} (${renderSwarmReason(op.reason)})`;
    case "update-service":
      return `~ update service ${op.name} (${renderSwarmReason(op.reason)})`;
    case "remove-service":
      return `- remove service ${op.name} (${renderSwarmReason(op.reason)})`;
    case "remove-network":
      return `- remove overlay network ${op.name}`;
    // Name and users only: the content never reaches a plan line.
    case "create-secret":
    case "create-config":
      return `+ create ${op.kind.slice("create-".length)} ${op.name} (for ${op.services.join(", ")})`;
    case "remove-secret":
    case "remove-config":
      return `- remove ${op.kind.slice("remove-".length)} ${op.name} (${renderSwarmReason(op.reason)})`;
  }
}

export function renderSwarmPlan(plan: SwarmPlan): string {
  const lines = [`Swarm plan for ${plan.project} (${plan.hash.slice(0, 12)}):`];
  for (const op of plan.ops) lines.push(`  ${renderSwarmOp(op)}`);
  for (const b of plan.blocked) lines.push(`  ! ${b.name}: blocked: ${b.reason} (hint: ${b.hint})`);
  if (plan.ops.length === 0 && plan.blocked.length === 0)
    lines.push(`  nothing to do: ${plan.unchanged.length} service(s) as declared`);
  return `${lines.join("\n")}\n`;
}
