/**
 * The read side shared by plan, apply and status: manifest → desired, runtime → observed, store →
 * ownership and history, then the pure planner. Nothing here mutates the runtime.
 */
import type { Desired, Observed, RuntimeAdapter, ServiceSpec } from "../core/index.js";
import { imageUpdateReasons, overrideSpecs, withImageOverrides } from "../images/index.js";
import { computeSpecHash } from "../manifest/index.js";
import { type OwnershipView, type Plan, type PlanInput, planConvergence } from "../reconcile/index.js";
import { getProjectState, type Store } from "../store/index.js";
import { resolveImages } from "./resolve-images.js";
import { type ResolvedSecrets, resolveSecrets } from "./resolve-secrets.js";
import { assertRuntimeSupports } from "./runtime-support.js";

export interface PreparedPlan {
  desired: Desired;
  observed: Observed;
  plan: Plan;
  secrets: ResolvedSecrets;
  runtime: RuntimeAdapter;
}

export function ownershipView(store: Store, project: string): OwnershipView {
  const names = (kind: "container" | "volume" | "network") =>
    new Set(store.ownedResources(project, kind).map((r) => r.name));
  return {
    ownerId: store.ownerId,
    containers: names("container"),
    volumes: names("volume"),
    networks: names("network"),
  };
}

/** Earlier service specs of this project, newest first, to explain what changed. */
export function specHistory(store: Store, project: string): ServiceSpec[] {
  // Auto-updated specs are never a desired revision, yet containers run them.
  const updated = overrideSpecs(getProjectState(store, project, "imageUpdates"));
  return store
    .desiredHistory(project, 20)
    .flatMap((rev) => {
      try {
        const parsed = JSON.parse(rev.canonical) as { services?: ServiceSpec[] };
        return parsed.services ?? [];
      } catch {
        return [];
      }
    })
    .concat(updated);
}

/** What of the runtime changes a plan's shape: start-first updates need rename(). */
export function planRuntime(runtime: RuntimeAdapter): NonNullable<PlanInput["runtime"]> {
  return { name: runtime.name, rename: typeof runtime.rename === "function" };
}

export async function preparePlan(
  declared: Desired,
  store: Store,
  runtime: RuntimeAdapter,
  env: NodeJS.ProcessEnv,
  unhealthy?: ReadonlySet<string>,
): Promise<PreparedPlan> {
  const updates = getProjectState(store, declared.project, "imageUpdates");
  // Idempotent: the daemon's flow has already applied its pending updates; this adds applied ones.
  const desired = withImageOverrides(declared, updates, "applied", computeSpecHash);
  const caps = await runtime.capabilities();
  assertRuntimeSupports(runtime, caps, desired);
  const secrets = await resolveSecrets(desired.services, store.ownerId, env);
  const observed = await runtime.observe(desired.project);
  // Registry I/O here, before planning: its failures stop the flow before anything changes.
  const tagMoves = await resolveImages(desired, observed, env, {
    preflightMissing: caps.registryPreflight === true,
  });
  const plan = planConvergence({
    desired,
    observed,
    ownership: ownershipView(store, desired.project),
    secretDigests: secrets.digests,
    history: specHistory(store, desired.project),
    ...(unhealthy ? { unhealthy } : {}),
    runtime: planRuntime(runtime),
    ...(Object.keys(tagMoves).length > 0 ? { tagMoves } : {}),
    imageUpdates: imageUpdateReasons(desired, updates),
  });
  return { desired, observed, plan, secrets, runtime };
}
