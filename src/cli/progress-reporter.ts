/** Live per-operation progress as plain lines: readable in a terminal and in CI logs alike. */
import type { OpProgress } from "../reconcile/executor.js";
import { renderOp } from "../reconcile/index.js";
import type { Output } from "./output.js";

export function lineReporter(output: Output): (p: OpProgress) => void {
  const c = output.color;
  return (p) => {
    const took = p.durationMs !== undefined ? c.dim(` (${(p.durationMs / 1000).toFixed(1)}s)`) : "";
    switch (p.status) {
      case "started":
        if (p.op.kind === "await" || p.op.kind === "ensure-image") output.out(`  … ${renderOp(p.op)}`);
        return;
      case "done":
        output.out(
          `  ${c.green("✓")} [${p.op.id}] ${p.op.kind} ${p.op.target.replace(/^\w+:/, "")}${p.message ? c.dim(` — ${p.message}`) : ""}${took}`,
        );
        return;
      case "failed":
        output.out(
          `  ${c.red("✗")} [${p.op.id}] ${p.op.kind} ${p.op.target.replace(/^\w+:/, "")}: ${p.message ?? "failed"}${took}`,
        );
        return;
      case "skipped":
        output.out(
          `  ${c.yellow("-")} [${p.op.id}] ${p.op.kind} ${p.op.target.replace(/^\w+:/, "")}: ${p.message ?? "skipped"}`,
        );
        return;
    }
  };
}
