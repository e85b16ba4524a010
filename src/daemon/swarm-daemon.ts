/**
 * The daemon for --runtime swarm: per project, a pass = failover pass (judge, guard, move) then,
 * in heal mode, converge the rest of the declared services; recommendations become events when
 * they change. Swarm's node and service events are the fast path (a pass soon after one), the
 * project's resync interval the slow path, as for containers. "The loop is the retry": a failed
 * pass is logged and the next trigger plans again.
 */
import type { NodeHistory } from "../cluster/index.js";
import { compareCodeUnits, type Desired, errorMessage, type HwEvent } from "../core/index.js";
import type { SwarmApi } from "../runtime/swarm/index.js";
import { getProjectState, type Store } from "../store/index.js";
import { applySwarm, runFailoverPass, swarmStatusOf } from "../swarm/index.js";
import type { Logger } from "./logger.js";
import { doublingDelayMs, RateLimiter } from "./policy/index.js";

export interface SwarmDaemonOptions {
  store: Store;
  api: SwarmApi;
  log: Logger;
  projects: Desired[];
  signal: AbortSignal;
  /** Every event also goes here (the notification hook rides on it); they are stored either way. */
  publish?: (e: HwEvent) => void;
  /** A returned node must stay online this long before services move back. */
  settleMs?: number;
  /** Wait after a swarm event before the pass, so a burst of events gives one pass. */
  eventDelayMs?: number;
}

const MIN_RESYNC_MS = 2_000;

class SwarmProjectLoop {
  private history: NodeHistory[] = [];
  private lastRecommendations = "";
  private timer: NodeJS.Timeout | undefined;
  private dueTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private readonly rate: RateLimiter;

  constructor(
    private readonly desired: Desired,
    private readonly opts: SwarmDaemonOptions,
  ) {
    this.rate = new RateLimiter(desired.reconcile.guardrails.rateLimit);
  }

  /** Runs a pass now, or once more after the running one (never two at a time). */
  trigger(): void {
    if (this.running !== undefined) {
      this.again = true;
      return;
    }
    this.running = this.pass().finally(() => {
      this.running = undefined;
      if (this.again && !this.opts.signal.aborted) {
        this.again = false;
        this.trigger();
      }
    });
  }

  startTimer(): void {
    const every = Math.max(MIN_RESYNC_MS, this.desired.reconcile.resyncMs);
    this.timer = setInterval(() => this.trigger(), every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.dueTimer) clearTimeout(this.dueTimer);
    await this.running;
  }

  private followUp(ms: number): void {
    if (this.dueTimer) clearTimeout(this.dueTimer);
    this.dueTimer = setTimeout(() => this.trigger(), ms);
    this.dueTimer.unref();
  }

  private paused(service: string): boolean {
    const p = getProjectState(this.opts.store, this.desired.project, "pause");
    return Boolean(p?.all || p?.services?.includes(service));
  }

  private async pass(): Promise<void> {
    const { store, api, log } = this.opts;
    const project = this.desired.project;
    try {
      const fo = await runFailoverPass(this.desired, {
        store,
        api,
        history: this.history,
        settleMs: this.opts.settleMs ?? 60_000,
        paused: (s) => this.paused(s),
        rate: this.rate,
        lockTimeoutMs: 5_000,
        ...(this.opts.publish ? { emit: this.opts.publish } : {}),
        correlationId: "daemon",
      });
      this.history = fo.history;
      // A failover or move back that is waiting for `after` / the settle time: look again when it is due.
      if (fo.nextDueMs !== undefined) this.followUp(fo.nextDueMs + 250);
      for (const m of fo.moved)
        log.warn({ project, service: m.service, decision: m.decision }, "failover move");
      const paused = this.desired.services.some((s) => this.paused(s.name));
      if (this.desired.reconcile.mode === "heal" && !paused && fo.moved.length === 0) {
        const r = await applySwarm(this.desired, {
          store,
          api,
          lockTimeoutMs: 5_000,
          correlationId: "daemon",
          ...(this.opts.publish ? { emit: this.opts.publish } : {}),
        });
        if (r.plan.ops.length > 0) log.info({ project, ops: r.plan.ops.length, ok: r.ok }, "swarm converge");
      }
      this.report(fo.observation);
    } catch (err) {
      log.error({ project, err: errorMessage(err) }, "swarm pass failed; the next trigger plans again");
    }
  }

  /** Recommendations as events, once per change of the set (not on every pass). */
  private report(observation: Parameters<typeof swarmStatusOf>[1]): void {
    const status = swarmStatusOf(this.desired, observation, {
      history: this.history,
      ...(this.opts.settleMs !== undefined ? { settleMs: this.opts.settleMs } : {}),
    });
    const recs = status.assessment.recommendations;
    const key = recs
      .map((r) => `${r.kind}/${r.action}/${r.service ?? ""}/${r.node ?? ""}`)
      .sort(compareCodeUnits)
      .join("|");
    if (key === this.lastRecommendations) return;
    this.lastRecommendations = key;
    for (const r of recs) {
      const e: HwEvent = {
        type:
          r.kind === "blocked"
            ? "reconcile_blocked"
            : r.kind === "required"
              ? "reconcile_required"
              : "reconcile_recommended",
        severity: r.kind === "recommended" ? "info" : "warning",
        project: this.desired.project,
        ...(r.service ? { service: r.service } : {}),
        message: r.message,
        timestamp: observation.observedAt,
        correlationId: "daemon",
        data: {
          action: r.action,
          drift: r.drift,
          ...(r.node ? { node: r.node } : {}),
          summary: status.assessment.summary.project,
        },
      };
      this.opts.store.appendEvent(e);
      this.opts.publish?.(e);
    }
  }
}

/** Watches node and service events until aborted; reconnects with doubling delays. */
async function watchEvents(opts: SwarmDaemonOptions, onEvent: () => void): Promise<void> {
  let failures = 0;
  while (!opts.signal.aborted) {
    try {
      for await (const _e of opts.api.events(opts.signal)) {
        failures = 0;
        onEvent();
      }
    } catch (err) {
      if (opts.signal.aborted) return;
      failures++;
      opts.log.warn({ err: errorMessage(err) }, "swarm event stream lost; resync timer still runs");
    }
    const delay = doublingDelayMs(failures, 500, 30_000);
    await new Promise((r) => setTimeout(r, delay));
  }
}

export async function runSwarmDaemon(opts: SwarmDaemonOptions): Promise<void> {
  const loops = opts.projects.map((d) => {
    opts.store.saveDesired({
      project: d.project,
      canonical: d.canonical,
      hash: d.hash,
      sourcePath: d.sourcePath,
    });
    return new SwarmProjectLoop(d, opts);
  });
  let pending: NodeJS.Timeout | undefined;
  const soon = () => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      for (const l of loops) l.trigger();
    }, opts.eventDelayMs ?? 300);
  };
  for (const l of loops) {
    l.startTimer();
    l.trigger();
  }
  opts.log.info({ projects: opts.projects.map((p) => p.project) }, "swarm daemon supervising");
  const watching = watchEvents(opts, soon);
  await new Promise<void>((resolve) => {
    if (opts.signal.aborted) resolve();
    opts.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  if (pending) clearTimeout(pending);
  await Promise.all(loops.map((l) => l.stop()));
  await watching.catch(() => undefined);
}
