/**
 * The per-instance health state machine. Pure and deterministic: no timers, no clock — the
 * daemon asks what is due(now), runs those probes and record()s the results with `now`.
 * Create a new tracker for every container start (startedAt anchors the initial delays).
 *
 * Rules: startup gates readiness and liveness (they are not run, and results are ignored,
 * until startup has passed once; startup is not run after that). Failures during a probe's
 * initialDelay do not count. A probe flips to passing after successThreshold consecutive
 * successes and to failing after failureThreshold consecutive failures; in between it keeps
 * its status. Readiness starts unknown, liveness starts passing (as in Kubernetes).
 */
import type { ProbeSet, ProbeSpec } from "../core/index.js";
import { capOutput } from "./probe-output.js";
import type { HealthState, HealthTransition, ProbeKind, ProbeResult } from "./probe-types.js";

const KINDS: readonly ProbeKind[] = ["startup", "readiness", "liveness"];
const KEPT_RESULTS = 5;

type ProbeStatus = "unknown" | "passing" | "failing";

interface ProbeTrack {
  spec: ProbeSpec;
  status: ProbeStatus;
  successes: number;
  failures: number;
  lastRunAt?: number;
  results: ProbeResult[];
}

export class HealthTracker {
  private readonly tracks: Partial<Record<ProbeKind, ProbeTrack>> = {};
  private startupPassed: boolean;

  constructor(
    probes: ProbeSet,
    private readonly startedAt: number,
  ) {
    for (const kind of KINDS) {
      const spec = probes[kind];
      if (spec === undefined) continue;
      const status: ProbeStatus = kind === "liveness" ? "passing" : "unknown";
      this.tracks[kind] = { spec, status, successes: 0, failures: 0, results: [] };
    }
    this.startupPassed = probes.startup === undefined;
  }

  /** Returns the transition when the overall state changed (emit an event then, and only then). */
  record(kind: ProbeKind, result: ProbeResult, now: number): HealthTransition | undefined {
    const track = this.tracks[kind];
    if (track === undefined) throw new Error(`HealthTracker.record: no ${kind} probe is configured`);
    if (!this.isActive(kind)) return undefined;
    const before = this.state();
    track.lastRunAt = now;
    track.results.push({ ...result, output: capOutput(result.output) });
    if (track.results.length > KEPT_RESULTS) track.results.shift();
    if (result.ok) {
      track.successes++;
      track.failures = 0;
      if (track.successes >= track.spec.successThreshold) track.status = "passing";
    } else if (now >= this.startedAt + track.spec.initialDelayMs) {
      track.failures++;
      track.successes = 0;
      if (track.failures >= track.spec.failureThreshold) track.status = "failing";
    }
    if (kind === "startup" && track.status === "passing") this.startupPassed = true;
    const after = this.state();
    return before === after ? undefined : { from: before, to: after };
  }

  state(): HealthState {
    if (!this.startupPassed) return this.tracks.startup?.status === "failing" ? "unhealthy" : "starting";
    if (this.tracks.liveness?.status === "failing") return "unhealthy";
    const readiness = this.tracks.readiness?.status;
    if (readiness === "failing") return "unhealthy";
    if (readiness === "unknown") return "starting";
    return "healthy";
  }

  /** May receive traffic / satisfies depends_on "ready": started, readiness passing, liveness not failing. */
  ready(): boolean {
    if (!this.startupPassed || this.livenessFailed()) return false;
    const readiness = this.tracks.readiness;
    return readiness === undefined || readiness.status === "passing";
  }

  /** Liveness failed failureThreshold times in a row: the instance needs a restart. */
  livenessFailed(): boolean {
    return this.tracks.liveness?.status === "failing";
  }

  /** Startup failed failureThreshold times in a row before ever passing. */
  startupFailed(): boolean {
    return !this.startupPassed && this.tracks.startup?.status === "failing";
  }

  /** Either failure above: what the daemon's restart logic asks. */
  restartNeeded(): boolean {
    return this.livenessFailed() || this.startupFailed();
  }

  /** The probes to run now: active, past their initial delay and their interval since the last run. */
  due(now: number): ProbeKind[] {
    return KINDS.filter((kind) => {
      const at = this.dueAt(kind);
      return at !== undefined && now >= at;
    });
  }

  /** When the next probe falls due (for the daemon's timer); undefined when none is active. */
  nextDueAt(): number | undefined {
    const times = KINDS.map((kind) => this.dueAt(kind)).filter((t): t is number => t !== undefined);
    return times.length === 0 ? undefined : Math.min(...times);
  }

  /** The last five results, oldest first, output capped at 4 KiB. */
  lastResults(kind: ProbeKind): ProbeResult[] {
    return [...(this.tracks[kind]?.results ?? [])];
  }

  private dueAt(kind: ProbeKind): number | undefined {
    const track = this.tracks[kind];
    if (track === undefined || !this.isActive(kind)) return undefined;
    const afterDelay = this.startedAt + track.spec.initialDelayMs;
    if (track.lastRunAt === undefined) return afterDelay;
    return Math.max(afterDelay, track.lastRunAt + track.spec.intervalMs);
  }

  private isActive(kind: ProbeKind): boolean {
    return kind === "startup" ? !this.startupPassed : this.startupPassed;
  }
}
