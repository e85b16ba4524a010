/** Plans rendered deterministically: the text users review, and the JSON machines read. */
import { renderReason } from "./op-reason.js";
import type { Plan, PlanOp, ServiceChange } from "./plan-types.js";

const SYMBOL: Record<ServiceChange["action"], string> = {
  create: "+",
  recreate: "~",
  start: ">",
  scale: "±",
  remove: "-",
  blocked: "!",
  unchanged: "=",
};

export function renderPlanText(plan: Plan): string {
  const lines: string[] = [];
  const changed = plan.services.filter((s) => s.action !== "unchanged");
  if (plan.ops.length === 0 && plan.blocked.length === 0) {
    lines.push(`Project ${plan.project}: no changes. Already converged.`);
    return `${lines.join("\n")}\n`;
  }
  lines.push(`Project ${plan.project}: ${summarise(plan)}`);
  lines.push("");
  for (const s of changed) {
    lines.push(`  ${SYMBOL[s.action]} ${s.service.padEnd(16)} ${s.action.padEnd(9)} ${s.detail}`);
  }
  if (plan.ops.length > 0) {
    lines.push("");
    lines.push("Operations:");
    for (const op of plan.ops) lines.push(`  ${renderOp(op)}`);
  }
  lines.push("");
  lines.push(`Plan hash: ${plan.hash}`);
  return `${lines.join("\n")}\n`;
}

export function renderOp(op: PlanOp): string {
  const after = op.dependsOn.length ? ` after ${op.dependsOn.map((d) => `#${d}`).join(",")}` : "";
  return `[${op.id}] ${op.kind} ${describeTarget(op)}${after}: ${renderReason(op.reason)}`;
}

function describeTarget(op: PlanOp): string {
  switch (op.kind) {
    case "ensure-image":
      return op.ref;
    case "rename":
      return `${op.name} → ${op.to}`;
    case "await":
      return `${op.name} ${op.condition}`;
    default:
      return op.name;
  }
}

function summarise(plan: Plan): string {
  const names = (k: PlanOp["kind"]) =>
    plan.ops.filter((o) => o.kind === k).map((o) => ("name" in o ? o.name : ""));
  const created = new Set(names("create"));
  // A recreate shows as create + (rename or remove) of the same instance; count it once.
  const replaced = new Set([...plan.ops.flatMap((o) => (o.kind === "rename" ? [o.name, o.to] : []))]);
  for (const n of names("remove")) if (created.has(n)) replaced.add(n);
  const recreate = [...created].filter((n) => replaced.has(n)).length;
  const counts: [number, string][] = [
    [created.size - recreate, "to create"],
    [recreate, "to recreate"],
    [names("start").filter((n) => !created.has(n)).length, "to start"],
    [names("remove").filter((n) => !replaced.has(n)).length, "to remove"],
  ];
  const parts = counts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  if (plan.blocked.length) parts.push(`${plan.blocked.length} blocked`);
  return parts.length ? parts.join(", ") : `${plan.ops.length} operations`;
}

/** The JSON form: the plan itself, each create's instance reduced to identity + hash, each op's reason also as text. */
export function planToJson(plan: Plan): Record<string, unknown> {
  return {
    project: plan.project,
    hash: plan.hash,
    desiredHash: plan.desiredHash,
    observedAt: plan.observedAt,
    changes: plan.ops.length > 0,
    services: plan.services,
    blocked: plan.blocked,
    drift: plan.drift,
    ops: plan.ops.map((op) => ({
      ...(op.kind === "create" ? { ...op, instance: op.instance.id } : op),
      cause: renderReason(op.reason),
    })),
  };
}
