import type { HwEvent } from "../core/index.js";
import {
  deleteProjectState,
  getProjectState,
  type ProjectStateShapes,
  type Store,
  setProjectState,
} from "../store/index.js";

export type PauseState = ProjectStateShapes["pause"];

/** Manual override, persisted so it survives daemon restarts; every change is an event. */
export function setPaused(
  store: Store,
  project: string,
  service: string | undefined,
  paused: boolean,
): PauseState {
  const cur = getProjectState(store, project, "pause") ?? {};
  let next: PauseState;
  if (service === undefined) next = paused ? { all: true, services: cur.services ?? [] } : {};
  else {
    const set = new Set(cur.services ?? []);
    if (paused) set.add(service);
    else set.delete(service);
    next = { ...(cur.all ? { all: true } : {}), services: [...set].sort() };
  }
  if (!next.all && !next.services?.length) deleteProjectState(store, project, "pause");
  else setProjectState(store, project, "pause", next);
  const e: HwEvent = {
    type: paused ? "paused" : "resumed",
    severity: "info",
    project,
    ...(service ? { service } : {}),
    message: `${paused ? "paused" : "resumed"} ${service ? `service ${service}` : "every service"}: repairs ${paused ? "stop until resumed" : "allowed again"}`,
    timestamp: new Date().toISOString(),
    correlationId: "operator",
  };
  store.appendEvent(e);
  return next;
}
