/**
 * plan / apply / status / down with --runtime swarm: the same commands, on Swarm services through
 * a manager (DOCKER_HOST). Rendering only; the flows live in src/swarm.
 */
import { ExitCode, formatDuration } from "../../core/index.js";
import { connectSwarm, type SwarmApi } from "../../runtime/swarm/index.js";
import {
  applySwarm,
  downSwarm,
  observeSwarmStatus,
  planSwarm,
  renderSwarmOp,
  renderSwarmPlan,
  type SwarmFlowOptions,
  type SwarmPlan,
  type SwarmStatus,
} from "../../swarm/index.js";
import type { CliContext } from "../context.js";
import { desiredFromFileOrStore } from "../desired-source.js";
import { loadDesired } from "../load-desired.js";
import type { Output } from "../output.js";

async function withSwarm<T>(ctx: CliContext, run: (api: SwarmApi) => Promise<T>): Promise<T> {
  const api = await connectSwarm(ctx.env);
  try {
    return await run(api);
  } finally {
    await api.close();
  }
}

/** HOSTWRIGHT_FAULT_KILL_AT=N: SIGKILL at the N-th operation boundary (the crash test only). */
function swarmFaultInjection(env: NodeJS.ProcessEnv): Pick<SwarmFlowOptions, "boundary"> {
  const at = Number(env.HOSTWRIGHT_FAULT_KILL_AT);
  if (!Number.isInteger(at) || at < 1) return {};
  let seen = 0;
  return {
    boundary: (op, point) => {
      seen++;
      if (seen !== at) return;
      process.stderr.write(`fault injection: SIGKILL at boundary ${seen}: ${point} ${op.kind} ${op.name}\n`);
      process.kill(process.pid, "SIGKILL");
    },
  };
}

function planJson(plan: SwarmPlan) {
  const { bodies: _bodies, ...rest } = plan;
  return rest;
}

export async function swarmPlanCommand(
  opts: { file?: string; json?: boolean; detailedExitcode?: boolean },
  ctx: CliContext,
): Promise<number> {
  const desired = await loadDesired(opts.file, ctx.output, ctx.env);
  const { plan } = await withSwarm(ctx, (api) => planSwarm(desired, { store: ctx.store(), api }));
  if (opts.json) ctx.output.json(planJson(plan));
  else ctx.output.out(renderSwarmPlan(plan).trimEnd());
  return opts.detailedExitcode && plan.ops.length > 0 ? ExitCode.changesPending : ExitCode.ok;
}

export async function swarmApplyCommand(
  opts: { file?: string; json?: boolean; lockTimeoutMs: number },
  ctx: CliContext,
): Promise<number> {
  const desired = await loadDesired(opts.file, ctx.output, ctx.env);
  const text = !opts.json;
  const r = await withSwarm(ctx, (api) =>
    applySwarm(desired, {
      store: ctx.store(),
      api,
      lockTimeoutMs: opts.lockTimeoutMs,
      ...swarmFaultInjection(ctx.env),
      ...(text
        ? {
            onPlan: (p) => ctx.output.out(renderSwarmPlan(p).trimEnd()),
            onProgress: (op, status, message) => {
              if (status !== "started")
                ctx.output.out(
                  `  ${status === "done" ? "✓" : "✗"} ${renderSwarmOp(op)}${message ? `: ${message}` : ""}`,
                );
            },
          }
        : {}),
    }),
  );
  if (opts.json) ctx.output.json({ ...planJson(r.plan), applied: true, ok: r.ok, results: r.results });
  return r.ok ? ExitCode.ok : ExitCode.failure;
}

export async function swarmDownCommand(
  opts: { file?: string; project?: string; json?: boolean },
  ctx: CliContext,
): Promise<number> {
  const desired = opts.file || !opts.project ? await desiredFromFileOrStore(opts, ctx) : undefined;
  const project = opts.project ?? desired?.project ?? "";
  const r = await withSwarm(ctx, (api) =>
    downSwarm(project, desired, {
      store: ctx.store(),
      api,
      ...(opts.json ? {} : { onPlan: (p) => ctx.output.out(renderSwarmPlan(p).trimEnd()) }),
    }),
  );
  if (opts.json) ctx.output.json({ ...planJson(r.plan), ok: r.ok, results: r.results });
  return r.ok ? ExitCode.ok : ExitCode.failure;
}

export async function swarmStatusCommand(
  opts: { file?: string; project?: string; json?: boolean },
  ctx: CliContext,
): Promise<number> {
  const desired = await desiredFromFileOrStore(opts, ctx);
  const status = await withSwarm(ctx, (api) => observeSwarmStatus(desired, api, ctx.store().ownerId));
  if (opts.json) {
    const { observation, ...rest } = status;
    ctx.output.json({ ...rest, services: observation.services });
  } else renderSwarmStatus(status, ctx.output);
  return ExitCode.ok;
}

function renderSwarmStatus(s: SwarmStatus, out: Output): void {
  const a = s.assessment;
  out.out(`Project ${s.project}: ${a.summary.project} (swarm, observed ${s.observation.observedAt})`);
  out.out("Nodes:");
  for (const n of s.nodes) {
    const state = a.summary.nodes[n.hostname] ?? "-";
    const services = n.services.length > 0 ? n.services.join(", ") : "(none)";
    out.out(
      `  ${n.hostname.padEnd(16)} ${n.state.padEnd(8)} ${n.availability.padEnd(7)} ${n.role.padEnd(8)} ${state.padEnd(10)} ${services}`,
    );
  }
  out.out("Services:");
  for (const [name, state] of Object.entries(a.summary.services)) out.out(`  ${name.padEnd(16)} ${state}`);
  if (a.recommendations.length > 0) {
    out.out("Recommendations:");
    for (const r of a.recommendations) {
      const wait = r.remainingMs !== undefined ? ` (in ${formatDuration(r.remainingMs)})` : "";
      out.out(
        `  [${r.kind}] ${r.action}${r.service ? ` ${r.service}` : ""}${r.node ? ` @${r.node}` : ""}: ${r.message}${wait}`,
      );
    }
  }
}
