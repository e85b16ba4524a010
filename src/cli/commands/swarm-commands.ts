/**
 * plan / apply / status / down with --runtime swarm: the same commands, on Swarm services through
 * a manager (DOCKER_HOST). Rendering only; the flows live in src/swarm.
 */
import { ExitCode } from "../../core/index.js";
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
} from "../../swarm/index.js";
import type { CliContext } from "../context.js";
import { desiredFromFileOrStore } from "../desired-source.js";
import { loadDesired } from "../load-desired.js";
import { renderClusterStatus } from "../render-cluster-status.js";

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
  // Create bodies hold secret content: never printed.
  const { bodies: _bodies, fileCreates: _creates, fileIds: _ids, ...rest } = plan;
  return rest;
}

export async function swarmPlanCommand(
  opts: { file?: string; json?: boolean; detailedExitcode?: boolean },
  ctx: CliContext,
): Promise<number> {
  const desired = await loadDesired(opts.file, ctx.output, ctx.env, ctx.compose);
  const { plan } = await withSwarm(ctx, (api) => planSwarm(desired, { store: ctx.store(), api }));
  if (opts.json) ctx.output.json(planJson(plan));
  else ctx.output.out(renderSwarmPlan(plan).trimEnd());
  return opts.detailedExitcode && plan.ops.length > 0 ? ExitCode.changesPending : ExitCode.ok;
}

export async function swarmApplyCommand(
  opts: { file?: string; json?: boolean; lockTimeoutMs: number },
  ctx: CliContext,
): Promise<number> {
  const desired = await loadDesired(opts.file, ctx.output, ctx.env, ctx.compose);
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

/** Nodes, each node's services, drift and recommendations: the cluster status renderer, text or --json. */
export async function swarmStatusCommand(
  opts: { file?: string; project?: string; json?: boolean },
  ctx: CliContext,
): Promise<number> {
  const desired = await desiredFromFileOrStore(opts, ctx);
  const status = await withSwarm(ctx, (api) => observeSwarmStatus(desired, api, ctx.store().ownerId));
  renderClusterStatus(
    { desired, observation: status.observation, assessment: status.assessment, runtime: "swarm" },
    ctx.output,
    { json: Boolean(opts.json) },
  );
  return ExitCode.ok;
}
