/**
 * `hostwright stop` / `start`: an operator stop that the daemon's restart policy respects
 * (unless-stopped and every other policy leave an operator-stopped container alone until `start`
 * or an explicit `apply`). Only owned containers are touched.
 */
import { type HwEvent, Labels, type RuntimeAdapter } from "../core/index.js";
import { containerProvenance } from "../reconcile/index.js";
import type { Store } from "../store/index.js";
import { ownershipView } from "./project-plan.js";

export const STOPPED_SETTING = (project: string) => `stopped:${project}`;

export async function operatorStopStart(
  store: Store,
  runtime: RuntimeAdapter,
  project: string,
  service: string | undefined,
  action: "stop" | "start",
  graceMs: (service: string) => number,
): Promise<string[]> {
  const lock = await store.acquireLock(project, { purpose: action }, { timeoutMs: 10_000 });
  try {
    const observed = await runtime.observe(project);
    const view = ownershipView(store, project);
    const targets = observed.containers.filter(
      (c) =>
        containerProvenance(c, project, view).owned && (!service || c.labels[Labels.service] === service),
    );
    const marks = new Set(store.getSetting<string[]>(STOPPED_SETTING(project)) ?? []);
    for (const c of targets) {
      const svc = c.labels[Labels.service] ?? "";
      if (action === "stop") {
        marks.add(c.name); // recorded first: the daemon must not restart it while it stops
        store.setSetting(STOPPED_SETTING(project), [...marks].sort());
        await runtime.stop(c.id, graceMs(svc));
      } else {
        await runtime.start(c.id);
        marks.delete(c.name);
      }
    }
    store.setSetting(STOPPED_SETTING(project), [...marks].sort());
    const e: HwEvent = {
      type: "info",
      severity: "info",
      project,
      ...(service ? { service } : {}),
      message: `${action === "stop" ? "stopped by operator" : "started by operator"}: ${targets.map((c) => c.name).join(", ") || "nothing owned matched"}`,
      timestamp: new Date().toISOString(),
      correlationId: "operator",
    };
    store.appendEvent(e);
    return targets.map((c) => c.name);
  } finally {
    lock.release();
  }
}
