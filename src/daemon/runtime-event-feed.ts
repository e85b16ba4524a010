/**
 * The runtime's event stream for one project: a container event wakes a pass within milliseconds.
 * The stream reconnects with back-off; the periodic resync covers whatever it misses meanwhile.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { errorMessage, type RuntimeAdapter } from "../core/index.js";
import type { Logger } from "./logger.js";
import { doublingDelayMs } from "./policy/index.js";

/** Container actions that can change what a pass would decide. */
const WAKING_ACTIONS = new Set([
  "die",
  "stop",
  "destroy",
  "oom",
  "kill",
  "start",
  "pause",
  "unpause",
  "rename",
]);

export interface RuntimeEventFeedDeps {
  runtime: RuntimeAdapter;
  project: string;
  signal: AbortSignal;
  log: Logger;
  /** A container changed (`action` is the runtime's event name). */
  changed: (action: string) => void;
  /** The stream was re-established after a gap: anything may have happened meanwhile. */
  reconnected: () => void;
  /** The event said this container exited (its list view may not agree yet). */
  exited: (containerId: string) => void;
}

export async function followRuntimeEvents(deps: RuntimeEventFeedDeps): Promise<void> {
  const events = deps.runtime.events?.bind(deps.runtime);
  if (!events) return;
  let attempt = 0;
  while (!deps.signal.aborted) {
    try {
      for await (const ev of events(deps.project, deps.signal)) {
        attempt = 0;
        if (!WAKING_ACTIONS.has(ev.action)) continue;
        if (ev.action === "die" || ev.action === "oom") deps.exited(ev.containerId);
        deps.changed(ev.action);
      }
    } catch (err) {
      if (deps.signal.aborted) return;
      deps.log.debug(
        { project: deps.project, err: errorMessage(err) },
        "runtime event stream ended; reconnecting",
      );
    }
    attempt += 1;
    await sleep(doublingDelayMs(attempt, 500, 30_000), undefined, { signal: deps.signal }).catch(
      () => undefined,
    );
    deps.reconnected();
  }
}
