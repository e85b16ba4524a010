/**
 * Continuous reconciliation of one project. Each pass observes, plans through the same planner and
 * apply flow as `hostwright apply`, decides per drift what policy allows, acts on that, and records
 * every decision as an event. The runtime's event stream wakes a pass within milliseconds; a full
 * resync runs every `reconcile.resync` so a missed event is still found. "The loop is the retry":
 * nothing is retried in place; the next pass observes again and plans again.
 */
import { randomUUID } from "node:crypto";
import {
  applyProject,
  ownershipView,
  type ProjectStatus,
  resolveSecrets,
  storedDesired,
} from "../apply/index.js";
import {
  type Desired,
  ExitCode,
  errorMessage,
  type HwEvent,
  hasCode,
  isExitCode,
  isHwError,
  Labels,
  type Observed,
  type RuntimeAdapter,
} from "../core/index.js";
import { withImageOverrides } from "../images/index.js";
import { computeSpecHash } from "../manifest/index.js";
import { type Plan, type PlanOp, renderReason, restrictPlan } from "../reconcile/index.js";
import { getProjectState, LockErrorCode, type Store } from "../store/index.js";
import type { DaemonMetrics } from "./api/index.js";
import { BackoffBook } from "./backoff-book.js";
import { type DaemonView, daemonStatus, serviceStateCounts, serviceStates } from "./daemon-status.js";
import { DecisionEvents, daemonEvent, type EventDraft } from "./decision-events.js";
import { HealthLoops } from "./health-loops.js";
import type { Logger } from "./logger.js";
import type { ServiceStatesView } from "./notify-hook.js";
import { notifyObservers, type PassObserver } from "./pass-observers.js";
import { PassScheduler } from "./pass-scheduler.js";
import { doublingDelayMs, RateLimiter } from "./policy/index.js";
import { type Decisions, decideRepairs } from "./repair-decisions.js";
import { followRuntimeEvents } from "./runtime-event-feed.js";

/**
 * Docker emits `die` before its list view shows the container exited. After such an event the
 * supervisor re-observes every RECHECK_MS until the list agrees (at most AGREE_WITHIN_MS), and
 * once more after SETTLE_MS whatever happens, so the fast path never depends on winning that race.
 */
const RECHECK_MS = 25;
const AGREE_WITHIN_MS = 2000;
const SETTLE_MS = 1000;

export interface SupervisorDeps {
  store: Store;
  runtime: RuntimeAdapter;
  env: NodeJS.ProcessEnv;
  log: Logger;
  metrics?: DaemonMetrics;
  /** Every event the supervisor records also goes here (API subscribers). */
  publish: (e: HwEvent) => void;
  preferHostPort: boolean;
  /** Per-pass observers (see pass-observers.ts). */
  observers?: readonly PassObserver[];
  /** Called (synchronously; must only enqueue) whenever the services' summary states are recomputed. */
  onServiceStates?: (view: ServiceStatesView) => void;
}

export class ProjectSupervisor {
  private readonly abort = new AbortController();
  private readonly health: HealthLoops;
  private readonly backoffs: BackoffBook;
  private readonly decisionEvents = new DecisionEvents();
  private limiter: RateLimiter | undefined;
  private reconciling = new Set<string>();
  private readonly scheduler: PassScheduler;
  private settle: NodeJS.Timeout | undefined;
  /** Containers an event said exited, until the list agrees: id → give-up time. */
  private readonly awaitingExit = new Map<string, number>();
  private observed: Observed | undefined;
  private desired: Desired | undefined;
  private runtimeDown: string | undefined;
  private lastPassAt: string | undefined;
  /** Events recorded since the current pass began (for observers). */
  private passEvents: HwEvent[] = [];
  /** Consecutive failed passes with a retryable error (their back-off exponent). */
  private failures = 0;
  /** Keyed digests of the resolved secretEnv values (never the values), so status diffs as apply does. */
  private secretDigests: Record<string, string> = {};

  constructor(
    readonly project: string,
    private readonly deps: SupervisorDeps,
  ) {
    this.health = new HealthLoops({
      runtime: deps.runtime,
      preferHostPort: deps.preferHostPort,
      emit: (e) => {
        this.record(e);
        // The gauge changes where the transition event is emitted, not at the next pass, so
        // metrics, status and events agree as soon as the daemon knows.
        this.publishServiceStates();
      },
      onRestartNeeded: () => this.trigger("liveness"),
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
    });
    this.backoffs = new BackoffBook(deps.store, project);
    this.scheduler = new PassScheduler({
      step: () => this.reconcile(),
      requested: (reason) => this.deps.log.debug({ project: this.project, reason }, "pass requested"),
    });
  }

  start(): void {
    this.trigger("start");
    void followRuntimeEvents({
      runtime: this.deps.runtime,
      project: this.project,
      signal: this.abort.signal,
      log: this.deps.log,
      changed: (action) => this.onContainerChanged(action),
      reconnected: () => this.trigger("event stream reconnected"),
      exited: (id) => this.awaitingExit.set(id, Date.now() + AGREE_WITHIN_MS),
    });
  }

  async stop(): Promise<void> {
    this.abort.abort();
    if (this.settle) clearTimeout(this.settle);
    this.health.stop();
    await this.scheduler.stop();
  }

  /** Ask for a pass soon; passes never overlap (busy latch), extra triggers coalesce. */
  trigger(reason: string, delayMs = 10): void {
    this.scheduler.trigger(reason, delayMs);
  }

  /**
   * One reconcile step, in controller-runtime's shape: observe, plan, decide, act, and say when to
   * look again. Nothing is retried in place. Callers other than the pass scheduler (tests) must not
   * overlap it with a running pass.
   */
  async reconcile(): Promise<{ requeueAfterMs?: number }> {
    const declared = storedDesired(this.deps.store, this.project);
    if (!declared) return {};
    // With the images auto-updates resolved (and the one being rolled out), so status and the
    // guardrails see what runs; the stored desired revision stays the manifest's.
    const updates = getProjectState(this.deps.store, this.project, "imageUpdates");
    const desired = withImageOverrides(declared, updates, "applied-or-pending", computeSpecHash);
    this.desired = desired;
    this.passEvents = [];
    // Settings are read from the current desired state on every pass: a manifest change to the
    // rate limit or back-off takes effect at the next pass, not at the next daemon restart.
    const limit = desired.reconcile.guardrails.rateLimit;
    if (!this.limiter) this.limiter = new RateLimiter(limit);
    else this.limiter.retune(limit);
    this.deps.metrics?.reconcileCycles.inc();
    let decided: Decisions | undefined;
    let nextWake = Date.now() + desired.reconcile.resyncMs;
    try {
      const outcome = await applyProject(desired, {
        store: this.deps.store,
        runtime: this.deps.runtime,
        env: this.deps.env,
        parallelism: 4,
        lockTimeoutMs: 0,
        purpose: "daemon",
        correlationId: randomUUID(),
        unhealthy: this.health.unhealthy(),
        emit: (e) => this.deps.publish(e),
        restrict: (plan, observed) => {
          this.noteObserved(observed);
          decided = this.decide(plan, desired, observed);
          this.deps.log.debug(
            {
              project: this.project,
              seen: observed.containers.map((c) => `${c.name}:${c.state}`),
              drift: plan.drift.map((d) => `${d.kind} ${d.name ?? d.service}`),
              act: [...decided.act],
            },
            "decided",
          );
          this.reconciling = new Set(
            plan.drift.filter((d) => decided?.act.has(d.name ?? d.service)).map((d) => d.service),
          );
          return restrictPlan(plan, new Set(), (op) => "name" in op && decided!.act.has(op.name));
        },
      });
      this.runtimeDown = undefined;
      this.failures = 0;
      this.deps.log.debug(
        {
          project: this.project,
          outcome: outcome.kind,
          ops: outcome.plan.ops.length,
          drift: outcome.plan.drift.length,
        },
        "pass done",
      );
      if (outcome.kind === "applied") this.afterApply(outcome.result.results, outcome.observed);
      if (outcome.kind !== "stale") {
        this.observed = outcome.observed;
        const wait = await notifyObservers(this.deps.observers ?? [], this.deps.log, {
          project: this.project,
          desired,
          observed: outcome.observed,
          events: this.passEvents,
        });
        if (wait !== undefined) nextWake = Math.min(nextWake, Date.now() + wait);
        // Probe only what this store owns; a foreign container is never touched, not even probed.
        const owned = outcome.observed.containers.filter(
          (c) => c.labels[Labels.owner] === this.deps.store.ownerId,
        );
        this.health.sync(desired, { ...outcome.observed, containers: owned });
      }
      for (const item of decided?.items ?? []) {
        if (item.backoffUntil) nextWake = Math.min(nextWake, item.backoffUntil);
      }
      if (this.awaitingExit.size > 0) nextWake = Math.min(nextWake, Date.now() + RECHECK_MS);
      this.secretDigests = await this.digestsFor(desired);
    } catch (err) {
      nextWake = Math.min(nextWake, this.onPassError(err, nextWake));
    } finally {
      this.reconciling.clear();
      this.lastPassAt = new Date().toISOString();
      this.publishServiceStates();
    }
    return { requeueAfterMs: Math.max(0, nextWake - Date.now()) };
  }

  /** Only services with secretEnv need resolving; a failure leaves status without a secret diff. */
  private async digestsFor(desired: Desired): Promise<Record<string, string>> {
    if (!desired.services.some((s) => Object.keys(s.secretEnv).length > 0)) return {};
    const r = await resolveSecrets(desired.services, this.deps.store.ownerId, this.deps.env).catch(
      () => undefined,
    );
    return r?.digests ?? {};
  }

  /** When to look again after a failed pass (epoch ms); the resync bounds every answer. */
  private onPassError(err: unknown, resyncAt: number): number {
    if (hasCode(err, LockErrorCode.held)) {
      this.deps.log.info({ project: this.project }, "another writer holds the project; waiting");
      return Date.now() + 1000;
    }
    const message = errorMessage(err);
    if (isExitCode(err, ExitCode.runtimeUnavailable)) {
      if (this.runtimeDown !== message)
        this.deps.log.warn(
          { project: this.project, err: message },
          "container engine unavailable; will retry",
        );
      this.runtimeDown = message;
      return Date.now() + 2000;
    }
    this.deps.log.error(
      { project: this.project, err: message, code: isHwError(err) ? err.code : undefined },
      "reconcile pass failed",
    );
    this.record({ type: "failed", severity: "error", message: `reconcile pass failed: ${message}` });
    // Retryable: again soon, doubling from 1 s. Terminal (the default): retrying unchanged fails the
    // same way, so wait for the resync, a runtime event or a new desired state to wake a pass.
    // Anything not a HwError is unexpected, so retryable (as controller-runtime treats errors).
    if (isHwError(err) && !err.retryable) return resyncAt;
    this.failures += 1;
    return Date.now() + doublingDelayMs(this.failures, 1000, 60_000);
  }

  private noteObserved(observed: Observed): void {
    const now = Date.now();
    for (const [id, giveUp] of this.awaitingExit) {
      const c = observed.containers.find((x) => x.id === id);
      if (c?.state !== "running" || now > giveUp) this.awaitingExit.delete(id);
    }
    this.backoffs.observe(observed.containers, now);
  }

  private decide(plan: Plan, desired: Desired, observed: Observed): Decisions {
    const now = Date.now();
    const store = this.deps.store;
    const pause = getProjectState(store, this.project, "pause") ?? {};
    const stopped = new Set(getProjectState(store, this.project, "stopped") ?? []);
    const rolledBack = getProjectState(store, this.project, "rolledBack") ?? {};
    const decisions = decideRepairs({
      plan,
      desired,
      observed,
      now,
      paused: (s) => Boolean(pause.all) || (pause.services ?? []).includes(s),
      limiter: this.limiter!,
      backoff: (name, service) => this.backoffs.for(name, service, desired),
      exitSeenAt: (name) => this.backoffs.exitSeenAt(name, now),
      stoppedByUser: (name) => stopped.has(name),
      rolledBackSpec: (service) => rolledBack[service]?.failedSpecHash,
    });
    const out = this.decisionEvents.note(decisions.items);
    for (const kind of out.driftKinds) this.deps.metrics?.driftDetected.inc({ kind });
    for (const reason of out.blocked) this.deps.metrics?.actionsBlocked.inc({ reason });
    for (const service of out.spend) this.limiter!.record(service, now);
    for (const e of out.events) this.record(e);
    return decisions;
  }

  private afterApply(results: { op: PlanOp; outcome: string }[], observed: Observed): void {
    const now = Date.now();
    for (const r of results) {
      const op = r.op;
      if (r.outcome !== "done" || op.kind !== "start" || !op.name) continue;
      const restart = op.reason.kind === "stopped" || op.reason.kind === "liveness-restart";
      if (!restart) continue;
      const backoff = this.backoffs.restarted(op.name, op.service ?? "", this.desired!, now);
      this.health.reset(op.name);
      this.deps.metrics?.restarts.inc({ service: op.service ?? "" });
      const c = observed.containers.find((x) => x.name === op.name);
      this.record({
        type: "restarted",
        severity: "info",
        service: op.service,
        message: `restarted ${op.name} (${renderReason(op.reason)}); restart ${backoff.restartCount}`,
        instance: op.name,
        data: { restarts: backoff.restartCount },
        runtimeRef: c?.id,
      });
    }
    this.backoffs.persist();
  }

  /** Records a daemon event (undefined fields left out), publishes and logs it. */
  private record(draft: EventDraft): void {
    const e = daemonEvent(this.project, draft, new Date().toISOString());
    this.passEvents.push(e);
    this.deps.store.appendEvent(e);
    this.deps.publish(e);
    this.deps.log.info(
      { event: e.type, project: e.project, service: e.service, instance: e.instance },
      e.message,
    );
  }

  /** A container event wakes a pass at once, and once more after SETTLE_MS (see RECHECK_MS). */
  private onContainerChanged(action: string): void {
    this.trigger(`runtime event ${action}`, 5);
    if (this.settle) clearTimeout(this.settle);
    this.settle = setTimeout(() => this.trigger("settle after runtime event", 0), SETTLE_MS);
  }

  /** What the daemon knows now, for status and the services gauge. */
  private view(): DaemonView | undefined {
    if (!this.desired) return undefined;
    return {
      project: this.project,
      desired: this.desired,
      observed: this.observed,
      ownership: () => ownershipView(this.deps.store, this.project),
      secretDigests: this.secretDigests,
      health: this.health,
      decisions: this.decisionEvents.decisions,
      reconciling: this.reconciling,
      lastPassAt: this.lastPassAt,
      runtimeDown: this.runtimeDown,
      paused: () => getProjectState(this.deps.store, this.project, "pause") ?? null,
      backoffs: this.backoffs.backoffs,
    };
  }

  private publishServiceStates(): void {
    const view = this.view();
    if (view) this.deps.metrics?.setServiceStates(this.project, serviceStateCounts(view));
    if (view?.observed && this.deps.onServiceStates) {
      const { project, desired, observed } = view;
      this.deps.onServiceStates({ project, desired, observed, states: serviceStates(view) });
    }
  }

  /** Status as the daemon sees it: the store/observe view plus health, back-off and decisions. */
  status(): (ProjectStatus & { daemon: Record<string, unknown> }) | undefined {
    const view = this.view();
    return view ? daemonStatus(view, Date.now()) : undefined;
  }
}
