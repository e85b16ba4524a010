/**
 * The seam for daemon features that ride on reconcile passes (image update checks, swarm events,
 * notifications...): each observer is called after every pass that observed the runtime, never
 * inside it. An observer's error is logged and does not fail the pass; the wait (ms) an observer
 * returns, if any, bounds when the supervisor looks again.
 */
import { type Desired, errorMessage, type HwEvent, type Observed } from "../core/index.js";
import type { Logger } from "./logger.js";

export interface PassView {
  project: string;
  desired: Desired;
  observed: Observed;
  /** The events this pass recorded, in order. */
  events: readonly HwEvent[];
}

export type PassObserver = (pass: PassView) => number | undefined | Promise<number | undefined>;

/** Runs the observers in order; the smallest wait any of them asked for. */
export async function notifyObservers(
  observers: readonly PassObserver[],
  log: Logger,
  pass: PassView,
): Promise<number | undefined> {
  let wait: number | undefined;
  for (const observer of observers) {
    try {
      const w = await observer(pass);
      if (w !== undefined) wait = Math.min(wait ?? w, w);
    } catch (err) {
      log.warn({ project: pass.project, err: errorMessage(err) }, "pass observer failed");
    }
  }
  return wait;
}
