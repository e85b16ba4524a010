import { resolve } from "node:path";
import { compareStoreWithEngine, type Disagreement } from "../../apply/index.js";
import { ExitCode } from "../../core/index.js";
import type { CliContext } from "../context.js";

export interface StateCheckOptions {
  project?: string;
  json?: boolean;
}

/** Integrity of the database plus store-vs-engine agreement, per project. Exit 0 clean, 1 otherwise. */
export async function stateCheckCommand(opts: StateCheckOptions, ctx: CliContext): Promise<number> {
  const store = ctx.store();
  const integrity = store.integrityCheck();
  const runtime = await ctx.runtime();
  const projects = opts.project ? [opts.project] : store.projects();
  const report: { project: string; disagreements: Disagreement[]; interrupted: string[] }[] = [];
  for (const project of projects) {
    const observed = await runtime.observe(project);
    report.push({
      project,
      disagreements: compareStoreWithEngine(store.ownerId, store.ownedResources(project), observed),
      interrupted: store
        .unfinishedOperations(project)
        .map((o) => `#${o.id} ${o.kind} ${o.target} (plan ${o.planId.slice(0, 8)})`),
    });
  }
  const ok =
    integrity.length === 0 && report.every((r) => r.disagreements.length === 0 && r.interrupted.length === 0);
  if (opts.json) {
    ctx.output.json({ ok, store: store.dbPath, ownerId: store.ownerId, integrity, projects: report });
    return ok ? ExitCode.ok : ExitCode.failure;
  }
  ctx.output.out(
    `State store ${store.dbPath} (owner ${store.ownerId}): ${integrity.length === 0 ? "integrity ok" : `INTEGRITY PROBLEMS: ${integrity.join("; ")}`}`,
  );
  for (const r of report) {
    const n = r.disagreements.length + r.interrupted.length;
    ctx.output.out(`  ${r.project}: ${n === 0 ? "store and engine agree" : `${n} problem(s)`}`);
    for (const d of r.disagreements) ctx.output.out(`    ${d.kind}: ${d.resource}: ${d.detail}`);
    for (const i of r.interrupted)
      ctx.output.out(`    interrupted operation ${i}: the next apply or daemon start recovers it`);
  }
  return ok ? ExitCode.ok : ExitCode.failure;
}

/** A consistent online copy of the state store (never overwrites an existing file). */
export async function stateBackupCommand(
  file: string,
  opts: { json?: boolean },
  ctx: CliContext,
): Promise<number> {
  const target = resolve(file);
  await ctx.store().backup(target);
  if (opts.json) ctx.output.json({ backup: target });
  else ctx.output.out(`Backed up the state store to ${target} (mode 0600).`);
  return ExitCode.ok;
}
