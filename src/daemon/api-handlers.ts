/**
 * The daemon's answers to its local API: status, plan, apply (so `hostwright apply` hands new
 * desired state to the daemon instead of racing it), pause/resume, events, metrics.
 */
import { applyProject, preparePlan } from "../apply/index.js";
import { ExitCode, HwError, type HwEvent, type RuntimeAdapter } from "../core/index.js";
import { planToJson } from "../reconcile/index.js";
import type { Store } from "../store/index.js";
import type { ApiHandlers, DaemonMetrics, EventsQuery } from "./api/index.js";
import { desiredOf, operatorHandlers } from "./operator-handlers.js";
import { setPaused } from "./pause-state.js";
import type { ProjectSupervisor } from "./project-supervisor.js";

export interface HandlerDeps {
  store: Store;
  runtime: RuntimeAdapter;
  env: NodeJS.ProcessEnv;
  metrics: DaemonMetrics;
  supervisors: Map<string, ProjectSupervisor>;
  ensureSupervisor: (project: string) => ProjectSupervisor;
  subscribe: (fn: (e: HwEvent) => void) => () => void;
}

export function makeHandlers(deps: HandlerDeps): ApiHandlers {
  return {
    ...operatorHandlers(deps),
    async status(project) {
      const list = [...deps.supervisors.values()].filter((s) => !project || s.project === project);
      return {
        projects: list.map((s) => s.status() ?? { project: s.project, summary: "reconciling", services: [] }),
      };
    },
    async plan(body) {
      const desired = desiredOf(body, deps.store);
      const { plan } = await preparePlan(desired, deps.store, deps.runtime, deps.env);
      return planToJson(plan);
    },
    async apply(body) {
      const desired = desiredOf(body, deps.store);
      const b = body as { expectedHash?: string; parallelism?: number; recovery?: boolean };
      const outcome = await applyProject(desired, {
        store: deps.store,
        runtime: deps.runtime,
        env: deps.env,
        parallelism: b.parallelism ?? 8,
        lockTimeoutMs: 30_000,
        purpose: "operator",
        ...(b.recovery === true ? { recovery: true } : {}),
        ...(b.expectedHash ? { expectedHash: b.expectedHash } : {}),
      });
      deps.ensureSupervisor(desired.project).trigger("desired state changed");
      if (outcome.kind === "stale") {
        throw new HwError(
          "HW-PLAN-001",
          `the plan changed since it was reviewed (now ${outcome.plan.hash.slice(0, 12)}); nothing was applied`,
          {
            exitCode: ExitCode.stalePlan,
            hint: "review the new plan with `hostwright plan` and apply again",
          },
        );
      }
      return {
        ...planToJson(outcome.plan),
        applied: true,
        kind: outcome.kind,
        ok:
          outcome.kind === "converged"
            ? outcome.plan.blocked.length === 0
            : outcome.result.ok && outcome.plan.blocked.length === 0,
        results:
          outcome.kind === "applied"
            ? outcome.result.results.map((r) => ({
                op: r.op.id,
                kind: r.op.kind,
                target: r.op.target,
                outcome: r.outcome,
                ...(r.error ? { error: r.error } : {}),
                durationMs: r.durationMs,
              }))
            : [],
        recovered: outcome.recovered,
      };
    },
    async pause(body) {
      const { project, service } = target(body);
      setPaused(deps.store, project, service, true);
      deps.supervisors.get(project)?.trigger("paused");
      return { project, service: service ?? null, paused: true };
    },
    async resume(body) {
      const { project, service } = target(body);
      setPaused(deps.store, project, service, false);
      deps.supervisors.get(project)?.trigger("resumed");
      return { project, service: service ?? null, paused: false };
    },
    async events(query: EventsQuery, onEvent, signal) {
      const q = {
        ...(query.project ? { project: query.project } : {}),
        ...(query.service ? { service: query.service } : {}),
      };
      // The newest `limit` (oldest first) come from SQL; never load the whole log to slice it.
      const past = deps.store.events({
        ...q,
        ...(query.since ? { since: query.since } : {}),
        limit: query.limit ?? 100,
      });
      for (const e of past) onEvent(e);
      if (!query.follow) return;
      const unsubscribe = deps.subscribe((e) => {
        if ((q.project && e.project !== q.project) || (q.service && e.service !== q.service)) return;
        onEvent(e);
      });
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      unsubscribe();
    },
    async metrics() {
      return deps.metrics.render();
    },
  };
}

function target(body: unknown): { project: string; service?: string } {
  const b = (body ?? {}) as { project?: unknown; service?: unknown };
  if (typeof b.project !== "string")
    throw new HwError("HW-DAEMON-031", "body needs {project, service?}", { exitCode: ExitCode.usage });
  return { project: b.project, ...(typeof b.service === "string" ? { service: b.service } : {}) };
}
