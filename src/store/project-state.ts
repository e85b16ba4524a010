/**
 * Typed per-project state kept in the settings table: one place that knows each key and the
 * shape stored under it, instead of string keys read with casts wherever they are needed. The
 * key strings are the stored format: changing one strands what existing stores hold.
 */
import type { AutoUpdatePolicy, ServiceSpec } from "../core/index.js";
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
  /** Image auto-updates by service (src/images, the daemon's update hook): resolved, pending, failed. */
  imageUpdates: Record<string, ServiceImageUpdates>;
}

/** An image an auto-update resolved a service to: the declared spec with only `image` replaced. */
export interface ResolvedImageUpdate {
  policy: AutoUpdatePolicy;
  /** What the manifest said when this was resolved; a manifest change voids the record. */
  declaredImage: string;
  declaredSpecHash: string;
  tag: string;
  digest: string;
  /** "repo:tag@sha256:…", what the container is created from. */
  image: string;
  spec: ServiceSpec;
  at: string;
}

export interface ServiceImageUpdates {
  declaredImage: string;
  /** `digest` policy: the tag's digest when first checked (what is assumed to run). */
  baselineDigest?: string;
  /** The update the service runs now. */
  applied?: ResolvedImageUpdate;
  /** An update the daemon is applying (or waits to apply: window, rate limit, pause). */
  pending?: ResolvedImageUpdate;
  /** Digests whose update failed and was rolled back: not retried until another digest appears. */
  failed: { digest: string; image: string; at: string }[];
  /** The last registry check, for status and `update --check`. */
  lastCheck?: { at: string; tag?: string; digest?: string; outcome: string };
}

export type ProjectStateKey = keyof ProjectStateShapes;

const PREFIX: Record<ProjectStateKey, string> = {
  pause: "pause:",
  stopped: "stopped:",
  rolledBack: "rolledBack:",
  recoveryPlan: "recovery-plan:",
  recovery: "recovery:",
  backoff: "daemon:backoff:",
  imageUpdates: "image-updates:",
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
