/**
 * Image auto-updates as a pass observer: after a pass, settle the update being rolled out (did its
 * containers come up on the new image, or did the apply flow roll it back), then, for each
 * `autoUpdate` service whose interval/schedule is due, ask the registry and decide. An update is
 * only ever recorded as pending (the image-override input); the supervisor's next pass applies it
 * through the normal rolling update under the same guardrails as any repair (pause, rate limit,
 * maintenance windows). Recommend mode only reports. Every step is an event.
 */
import { storedDesired } from "../apply/index.js";
import { errorMessage, type ServiceSpec } from "../core/index.js";
import { nextCheckAt, resolveUpdate, type TagRegistry } from "../images/index.js";
import {
  deleteProjectState,
  getProjectState,
  type ServiceImageUpdates,
  type Store,
  setProjectState,
} from "../store/index.js";
import type { EventDraft } from "./decision-events.js";
import { describeMove, freshRecord, pendingOutcome, resolvedUpdate } from "./image-update-records.js";
import type { Logger } from "./logger.js";
import type { PassObserver, PassView } from "./pass-observers.js";

export interface AutoUpdateDeps {
  store: Store;
  registry: TagRegistry;
  log: Logger;
  /** Records a daemon event for the project (event log + subscribers). */
  record: (project: string, draft: EventDraft) => void;
  now?: () => number;
}

export function autoUpdateObserver(deps: AutoUpdateDeps): PassObserver {
  const now = deps.now ?? Date.now;
  /** project/service → epoch ms of the last registry check by this daemon. */
  const lastCheck = new Map<string, number>();
  /** project/service → the last "available"/"skipped" digest reported, so a pass does not repeat it. */
  const reported = new Map<string, string>();

  /** Projects known to hold no records (an idle daemon without autoUpdate does no extra work). */
  const clean = new Set<string>();

  return async (pass: PassView) => {
    const any = pass.desired.services.some((s) => s.autoUpdate);
    if (!any && clean.has(pass.project)) return undefined;
    // The declared specs (pass.desired carries the resolved images): what records are keyed on.
    const declared = any ? storedDesired(deps.store, pass.project) : undefined;
    const services = declared?.services.filter((s) => s.autoUpdate) ?? [];
    const stored = getProjectState(deps.store, pass.project, "imageUpdates");
    if (services.length === 0) {
      // autoUpdate was removed: the resolved images go with it (the service converges to the manifest).
      if (stored !== undefined) deleteProjectState(deps.store, pass.project, "imageUpdates");
      clean.add(pass.project);
      return undefined;
    }
    clean.delete(pass.project);
    // Records are updated in place below; write only when something changed.
    const before = JSON.stringify(stored ?? {});
    const state: Record<string, ServiceImageUpdates> = {};
    let wait: number | undefined;
    for (const spec of services) {
      const key = `${pass.project}/${spec.name}`;
      const prior = stored?.[spec.name];
      // A manifest change to the image voids everything resolved from the old one.
      const rec = prior && prior.declaredImage === spec.image ? prior : freshRecord(spec);
      state[spec.name] = rec;
      followManifest(rec, spec);
      settlePending(deps, pass, spec, rec);
      if (rec.pending) continue;
      const t = now();
      const due = nextCheckAt(spec.autoUpdate!, lastCheck.get(key), t);
      if (due > t) {
        wait = Math.min(wait ?? due - t, due - t);
        continue;
      }
      lastCheck.set(key, t);
      const started = await check(deps, pass, spec, rec, reported, key, declared!.reconcile.mode);
      const next = nextCheckAt(spec.autoUpdate!, t, t) - t;
      wait = Math.min(wait ?? next, started ? 0 : next);
    }
    if (JSON.stringify(state) !== before) setProjectState(deps.store, pass.project, "imageUpdates", state);
    return wait;
  };
}

/**
 * A manifest change to the service that keeps its image (a new env value, say) keeps the resolved
 * image: the record is rebuilt on the new spec, so history knows what the containers run.
 */
function followManifest(rec: ServiceImageUpdates, spec: ServiceSpec): void {
  const a = rec.applied;
  if (a && a.declaredSpecHash !== spec.specHash) rec.applied = resolvedUpdate(spec, a, a.at);
  // A pending update of an older spec is resolved again at the next check.
  if (rec.pending && rec.pending.declaredSpecHash !== spec.specHash) delete rec.pending;
}

function settlePending(
  deps: AutoUpdateDeps,
  pass: PassView,
  spec: ServiceSpec,
  rec: ServiceImageUpdates,
): void {
  const pending = rec.pending;
  if (!pending) return;
  const outcome = pendingOutcome(pending, {
    ownerId: deps.store.ownerId,
    observed: pass.observed,
    rolledBack: getProjectState(deps.store, pass.project, "rolledBack"),
    recoveryPlan: getProjectState(deps.store, pass.project, "recoveryPlan"),
  });
  if (outcome === "in-progress") return;
  const data = { policy: pending.policy, tag: pending.tag, digest: pending.digest, image: pending.image };
  const at = new Date(deps.now?.() ?? Date.now()).toISOString();
  delete rec.pending;
  if (outcome === "succeeded") {
    rec.applied = pending;
    deps.record(pass.project, {
      type: "update_succeeded",
      severity: "info",
      service: spec.name,
      message: `auto-update (${pending.policy}) of ${spec.name} done: runs ${pending.image}`,
      data,
    });
    return;
  }
  rec.failed = [
    ...rec.failed.filter((f) => f.digest !== pending.digest),
    { digest: pending.digest, image: pending.image, at },
  ];
  deps.record(pass.project, {
    type: "update_rolled_back",
    severity: "warning",
    service: spec.name,
    message:
      outcome === "rolled-back"
        ? `auto-update (${pending.policy}) of ${spec.name} to ${pending.image} failed and was rolled back; this digest is not retried until a newer one appears`
        : `auto-update (${pending.policy}) of ${spec.name} to ${pending.image} failed and was not rolled back (update.failureAction: pause); this digest is not retried`,
    data: { ...data, rolledBack: outcome === "rolled-back" },
  });
}

/** One registry check; true when an update was started (the caller asks for a pass at once). */
async function check(
  deps: AutoUpdateDeps,
  pass: PassView,
  spec: ServiceSpec,
  rec: ServiceImageUpdates,
  reported: Map<string, string>,
  key: string,
  mode: "heal" | "recommend",
): Promise<boolean> {
  const at = new Date(deps.now?.() ?? Date.now()).toISOString();
  const policy = spec.autoUpdate!.policy;
  let verdict: Awaited<ReturnType<typeof resolveUpdate>>;
  try {
    verdict = await resolveUpdate(
      spec,
      {
        ...(rec.applied ? { applied: rec.applied } : {}),
        ...(rec.baselineDigest ? { baselineDigest: rec.baselineDigest } : {}),
        failed: rec.failed,
      },
      deps.registry,
    );
  } catch (err) {
    // Registry errors are HwErrors whose messages never carry credentials.
    const message = errorMessage(err);
    rec.lastCheck = { at, outcome: `check failed: ${message}` };
    deps.log.warn({ project: pass.project, service: spec.name, err: message }, "image update check failed");
    return false;
  }
  if (verdict.kind === "no-tag") {
    rec.lastCheck = { at, outcome: verdict.reason };
    return false;
  }
  const { tag, digest } = verdict;
  rec.lastCheck = { at, tag, digest, outcome: verdict.kind };
  const data = { policy, tag, digest };
  if (verdict.kind === "baseline") {
    rec.baselineDigest = digest;
    deps.log.info({ project: pass.project, service: spec.name, tag, digest }, "image update tracking starts");
    return false;
  }
  if (verdict.kind === "current") return false;
  if (verdict.kind === "failed-before") {
    if (reported.get(key) === `skip:${digest}`) return false;
    reported.set(key, `skip:${digest}`);
    deps.record(pass.project, {
      type: "update_skipped_failed_digest",
      severity: "info",
      service: spec.name,
      message: `auto-update (${policy}) of ${spec.name}: ${tag} (${digest.slice(0, 19)}) failed before; waiting for a newer image`,
      data,
    });
    return false;
  }
  const move = describeMove(spec.image, verdict.from, { tag, digest });
  if (reported.get(key) !== `available:${digest}`) {
    reported.set(key, `available:${digest}`);
    deps.record(pass.project, {
      type: "update_available",
      severity: "info",
      service: spec.name,
      message:
        mode === "recommend"
          ? `update available for ${spec.name} (${policy}): ${move}; recommend mode: not applying it`
          : `update available for ${spec.name} (${policy}): ${move}`,
      data: { ...data, from: verdict.from },
    });
  }
  if (mode === "recommend") return false;
  // Paused: nothing is started; the next check after a resume starts it.
  const pause = getProjectState(deps.store, pass.project, "pause");
  if (pause?.all || pause?.services?.includes(spec.name)) {
    rec.lastCheck = { at, tag, digest, outcome: "available; paused" };
    return false;
  }
  rec.pending = resolvedUpdate(spec, { tag, digest }, at);
  deps.record(pass.project, {
    type: "update_started",
    severity: "info",
    service: spec.name,
    message: `auto-update (${policy}) of ${spec.name}: ${move}, through a ${spec.update.strategy} update`,
    data: { ...data, image: rec.pending.image },
  });
  return true;
}
