/**
 * Typed per-project state kept in the settings table: one place that knows each key and the
 * shape stored under it, instead of string keys read with casts wherever they are needed. The
 * key strings are the stored format: changing one strands what existing stores hold.
 */
import type { ServiceSpec } from "../core/index.js";
import type { Store } from "./store.js";

export interface ProjectStateShapes {
  /** Operator pause (daemon pause/resume). */
  pause: { all?: boolean; services?: string[] };
  /** Instances an operator stopped (`hostwright stop`), sorted. */
  stopped: string[];
  /** Services rolled back after a failed update: do not retry that spec. */
  rolledBack: Record<string, { failedSpecHash: string; at: string }>;
  /** A failed update not rolled back: what `apply --recovery` converges to. */
  recoveryPlan: { at: string; why: string; specs: ServiceSpec[] };
  /** The last recovery of an interrupted apply, for status. */
  recovery: { at: string; items: { target: string; resolution: string; note: string }[] };
  /** The daemon's restart back-off snapshots by instance (advisory; parsed by RestartBackoff). */
  backoff: Record<string, unknown>;
}

export type ProjectStateKey = keyof ProjectStateShapes;

const PREFIX: Record<ProjectStateKey, string> = {
  pause: "pause:",
  stopped: "stopped:",
  rolledBack: "rolledBack:",
  recoveryPlan: "recovery-plan:",
  recovery: "recovery:",
  backoff: "daemon:backoff:",
};

/** The settings key for `key` of `project` (for code that still needs the raw key). */
export function projectStateKey(key: ProjectStateKey, project: string): string {
  return `${PREFIX[key]}${project}`;
}

export function getProjectState<K extends ProjectStateKey>(
  store: Store,
  project: string,
  key: K,
): ProjectStateShapes[K] | undefined {
  return store.getSetting<ProjectStateShapes[K]>(projectStateKey(key, project));
}

export function setProjectState<K extends ProjectStateKey>(
  store: Store,
  project: string,
  key: K,
  value: ProjectStateShapes[K],
): void {
  store.setSetting(projectStateKey(key, project), value);
}

export function deleteProjectState(store: Store, project: string, key: ProjectStateKey): void {
  store.deleteSetting(projectStateKey(key, project));
}
