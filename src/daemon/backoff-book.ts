/**
 * The one home of a project's restart back-off bookkeeping in the daemon: one RestartBackoff per
 * instance (rebuilt when the manifest's back-off changes, history kept), when each instance was
 * last seen exiting and running since, and the snapshot persisted in the store so a daemon
 * restart does not reset the delays. The back-off arithmetic itself is policy/backoff.ts.
 */
import type { Desired, ObservedContainer } from "../core/index.js";
import { getProjectState, type Store, setProjectState } from "../store/index.js";
import { type BackoffSpec, RestartBackoff } from "./policy/index.js";

const DEFAULT_SPEC: BackoffSpec = { initialMs: 1000, maxMs: 60_000 };

export class BackoffBook {
  readonly backoffs = new Map<string, RestartBackoff>();
  private readonly exitSeen = new Map<string, number>();
  private readonly runningSince = new Map<string, number>();
  private readonly saved: Record<string, unknown>;

  constructor(
    private readonly store: Store,
    private readonly project: string,
  ) {
    this.saved = getProjectState(store, project, "backoff") ?? {};
  }

  /** The instance's back-off, judged by the current desired state's settings for its service. */
  for(name: string, service: string, desired: Desired): RestartBackoff {
    const spec = desired.services.find((s) => s.name === service)?.restart.backoff ?? DEFAULT_SPEC;
    let b = this.backoffs.get(name);
    // A changed manifest back-off applies at once; the restart history carries over.
    if (b && (b.spec.initialMs !== spec.initialMs || b.spec.maxMs !== spec.maxMs))
      b = RestartBackoff.fromJSON(spec, b.toJSON());
    if (!b) b = RestartBackoff.fromJSON(spec, this.saved[name]);
    this.backoffs.set(name, b);
    return b;
  }

  /** An observation: note exits and runs; a long enough run resets an instance's delay. */
  observe(containers: readonly ObservedContainer[], now: number): void {
    let changed = false;
    for (const c of containers) {
      if (c.state === "running") {
        this.exitSeen.delete(c.name);
        if (!this.runningSince.has(c.name)) this.runningSince.set(c.name, now);
        const backoff = this.backoffs.get(c.name);
        if (backoff?.recordStableRun(this.runningSince.get(c.name)!, now)) changed = true;
      } else {
        this.runningSince.delete(c.name);
        if (!this.exitSeen.has(c.name)) this.exitSeen.set(c.name, now);
      }
    }
    if (changed) this.persist();
  }

  /** When the instance was first seen not running (the back-off counts from there). */
  exitSeenAt(name: string, now: number): number {
    return this.exitSeen.get(name) ?? now;
  }

  /** The daemon restarted the instance: count it; its stable run starts now. */
  restarted(name: string, service: string, desired: Desired, now: number): RestartBackoff {
    const backoff = this.for(name, service, desired);
    backoff.recordRestart(now);
    this.runningSince.set(name, now);
    return backoff;
  }

  persist(): void {
    const snapshot = Object.fromEntries([...this.backoffs].map(([n, b]) => [n, b.toJSON()]));
    setProjectState(this.store, this.project, "backoff", snapshot);
  }
}
