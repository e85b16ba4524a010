import type { ApplyResult } from "../reconcile/executor.js";
import type { Plan } from "../reconcile/index.js";

export function summariseApply(plan: Plan, result: ApplyResult, tookMs: number) {
  const by = (o: string) => result.results.filter((r) => r.outcome === o).length;
  const lines = [
    `${result.ok ? "Applied" : "Partially applied"} ${plan.project} in ${(tookMs / 1000).toFixed(1)}s: ` +
      `${by("done")} done, ${by("failed")} failed, ${by("skipped")} skipped.`,
  ];
  for (const r of result.results.filter((x) => x.outcome === "failed")) {
    lines.push(`  ✗ ${r.op.service ?? r.op.target}: ${r.error ?? "failed"}`);
  }
  for (const b of plan.blocked) lines.push(`  ! ${b.service}: blocked: ${b.reason}`);
  if (!result.ok) lines.push("Run `hostwright apply` again to retry what failed; what succeeded is kept.");
  return {
    text: lines.join("\n"),
    results: result.results.map((r) => ({
      op: r.op.id,
      kind: r.op.kind,
      target: r.op.target,
      outcome: r.outcome,
      ...(r.error ? { error: r.error } : {}),
      durationMs: r.durationMs,
    })),
  };
}
