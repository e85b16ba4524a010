import { ownershipView, resolveSecrets } from "../../apply/index.js";
import { buildStatus, type ProjectStatus } from "../../apply/status-model.js";
import { ExitCode } from "../../core/index.js";
import { imageUpdateStatus, withImageOverrides } from "../../images/index.js";
import { computeSpecHash } from "../../manifest/index.js";
import { getProjectState } from "../../store/index.js";
import type { CliContext } from "../context.js";
import { runningDaemon } from "../daemon-link.js";
import { desiredFromFileOrStore } from "../desired-source.js";
import type { Output } from "../output.js";
import { swarmStatusCommand } from "./swarm-commands.js";

export interface StatusOptions {
  file?: string;
  project?: string;
  json?: boolean;
}

/** Desired vs observed per service and instance, with drift and the project summary state. */
export async function statusCommand(opts: StatusOptions, ctx: CliContext): Promise<number> {
  if (ctx.runtimeChoice() === "swarm") return swarmStatusCommand(opts, ctx);
  const declared = await desiredFromFileOrStore(opts, ctx);
  // Auto-updated services are converged to what they resolved to; status says what and why.
  const updates = getProjectState(ctx.store(), declared.project, "imageUpdates");
  const desired = withImageOverrides(declared, updates, "applied", computeSpecHash);
  const images = imageUpdateStatus(declared, updates);
  const daemon = await runningDaemon(ctx, 10_000);
  if (daemon) {
    const live = await daemon.get<{ projects: (ProjectStatus & { daemon?: Record<string, unknown> })[] }>(
      "/v1/status",
      { project: desired.project },
    );
    const status = live.projects[0];
    if (status?.services?.length) {
      if (opts.json) ctx.output.json({ ...status, source: "daemon", imageUpdates: images });
      else {
        renderStatus(status, ctx.output, [], status.daemon);
        renderImageUpdates(images, ctx.output);
      }
      return ExitCode.ok;
    }
  }
  const store = ctx.store();
  const runtime = await ctx.runtime();
  const secrets = await resolveSecrets(desired.services, store.ownerId, ctx.env).catch(() => undefined);
  const observed = await runtime.observe(desired.project);
  const status = buildStatus(
    desired,
    observed,
    ownershipView(store, desired.project),
    secrets?.digests ?? {},
  );
  const recent = store.events({ project: desired.project, limit: 5 }).reverse();
  const recovery = getProjectState(store, desired.project, "recovery");
  if (opts.json)
    ctx.output.json({
      ...status,
      imageUpdates: images,
      recentEvents: recent,
      lastRecovery: recovery ?? null,
    });
  else {
    renderStatus(
      status,
      ctx.output,
      recent.map((e) => `${e.timestamp} ${e.type} ${e.message}`),
    );
    renderImageUpdates(images, ctx.output);
    if (recovery) {
      ctx.output.out(`Last recovery of an interrupted apply (${recovery.at}):`);
      for (const i of recovery.items) ctx.output.out(`  ${i.resolution}: ${i.target}: ${i.note}`);
    }
  }
  return ExitCode.ok;
}

function renderImageUpdates(images: ReturnType<typeof imageUpdateStatus>, out: Output): void {
  if (images.length === 0) return;
  out.out("Image auto-updates:");
  for (const i of images) {
    const moved = i.resolved === i.declared ? i.declared : `${i.declared} → ${i.resolved}`;
    out.out(`  ${i.service.padEnd(16)} ${moved}  (${i.why})`);
    if (i.pending) out.out(`    applying: ${i.pending}`);
    for (const d of i.failedDigests) out.out(`    not retried: ${d}`);
  }
}

function renderStatus(
  s: ProjectStatus,
  out: Output,
  recent: string[],
  daemon?: Record<string, unknown>,
): void {
  const c = out.color;
  const paint = (state: string) =>
    state === "nominal" ? c.green(state) : state === "unstable" ? c.red(state) : c.yellow(state);
  out.out(
    `Project ${s.project}: ${paint(s.summary)}  (runtime ${s.runtime}, observed ${s.observedAt}${daemon ? `, daemon mode ${daemon.mode}` : ""})`,
  );
  if (daemon?.paused) out.out(`  paused: ${JSON.stringify(daemon.paused)}`);
  for (const svc of s.services) {
    out.out(
      `  ${svc.name.padEnd(16)} ${paint(svc.summary).padEnd(12)} ${svc.running}/${svc.desired} running`,
    );
    for (const i of svc.instances) {
      const state = i.exitCode !== undefined ? `${i.state}(${i.exitCode})` : i.state;
      out.out(
        `    ${i.name.padEnd(28)} ${state.padEnd(12)} health=${i.health.padEnd(9)} ${i.ip ? `ip=${i.ip} ` : ""}${i.ports.join(",")}${i.drift ? c.yellow(`  ${i.drift}`) : ""}`,
      );
    }
    for (const d of svc.drift.filter((x) => x.startsWith("blocked"))) out.out(`    ${c.red(d)}`);
  }
  if (s.orphans.length) out.out(`  orphans (removed by the next apply): ${s.orphans.join(", ")}`);
  if (s.notOwned.length) out.out(`  not owned, never touched: ${s.notOwned.join(", ")}`);
  if (recent.length) {
    out.out("Recent events:");
    for (const r of recent) out.out(`  ${r}`);
  }
}
