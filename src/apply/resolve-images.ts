/**
 * Image resolution before planning (the planner stays pure; this is its I/O): what the registry
 * serves for `pullPolicy: always` tags, and registry failures for images that must be pulled,
 * raised here so they fail before anything changes. `pullPolicy: never` refuses an absent image.
 */
import {
  compareCodeUnits,
  type Desired,
  HwError,
  hasCode,
  type Observed,
  RuntimeErrorCode,
} from "../core/index.js";
import type { PlanInput } from "../reconcile/index.js";
import {
  createRegistryClient,
  type ImageRef,
  parseImageRef,
  type RegistryClient,
  RegistryErrorCode,
} from "../registry/index.js";

export type TagMoves = NonNullable<PlanInput["tagMoves"]>;

/** These mean the pull would fail too; an unreachable registry may still be reachable by the engine. */
const FATAL_FOR_MISSING = [
  RegistryErrorCode.unauthorized,
  RegistryErrorCode.notFound,
  RegistryErrorCode.credentialHelper,
];

function sameRepository(a: ImageRef, b: ImageRef): boolean {
  return a.registry === b.registry && a.repository === b.repository;
}

/** The registry digest of the local image a reference names, when it has one for that repository. */
export function localDigest(observed: Observed, image: string): string | undefined {
  const id = observed.images[image];
  if (id === undefined) return undefined;
  const wanted = parseImageRef(image);
  for (const reported of observed.imageRepoDigests?.[id] ?? []) {
    const p = parseImageRef(reported);
    if (p.digest && sameRepository(p, wanted)) return p.digest;
  }
  return undefined;
}

interface Check {
  image: string;
  always: boolean;
}

function imagesToCheck(desired: Desired, observed: Observed, preflightMissing: boolean): Check[] {
  const checks = new Map<string, Check>();
  for (const spec of desired.services) {
    if (spec.build || spec.pullPolicy === "build") continue;
    const present = observed.images[spec.image] !== undefined;
    if (spec.pullPolicy === "never") {
      if (!present) {
        throw new HwError(
          RuntimeErrorCode.imageMissing,
          `service ${spec.name}: image ${spec.image} is not present and pullPolicy is never`,
          { hint: "load or build it first (docker load / docker build), or set pullPolicy: missing" },
        );
      }
      continue;
    }
    // A pinned digest cannot move: only its absence needs the registry.
    const always = spec.pullPolicy === "always" && parseImageRef(spec.image).digest === undefined;
    if (always || (!present && preflightMissing)) {
      const prev = checks.get(spec.image);
      checks.set(spec.image, { image: spec.image, always: always || (prev?.always ?? false) });
    }
  }
  return [...checks.values()].sort((a, b) => compareCodeUnits(a.image, b.image));
}

export async function resolveImages(
  desired: Desired,
  observed: Observed,
  env: NodeJS.ProcessEnv,
  opts: { preflightMissing: boolean; registry?: RegistryClient },
): Promise<TagMoves> {
  const checks = imagesToCheck(desired, observed, opts.preflightMissing);
  if (checks.length === 0) return {};
  // Without the local digests a moved tag cannot be told from an unmoved one (it would recreate on
  // every pass): refuse instead of guessing.
  const always = checks.find((c) => c.always);
  if (always && observed.imageRepoDigests === undefined) {
    throw new HwError(
      RuntimeErrorCode.unsupported,
      `pullPolicy: always (image ${always.image}) is not supported on runtime ${observed.runtime}: it does not report image digests`,
      { hint: "use pullPolicy: missing and pull new images explicitly, or the docker runtime" },
    );
  }
  const client = opts.registry ?? createRegistryClient({ env });
  const results = await Promise.allSettled(checks.map((c) => client.manifestDigest(parseImageRef(c.image))));
  const moves: Record<string, { from?: string; to: string }> = {};
  // In sorted order, so the error reported is the same on every run.
  for (const [i, check] of checks.entries()) {
    const result = results[i];
    if (result === undefined) continue;
    if (result.status === "rejected") {
      const err: unknown = result.reason;
      if (check.always || FATAL_FOR_MISSING.some((code) => hasCode(err, code))) throw err;
      continue;
    }
    if (!check.always) continue;
    const from = localDigest(observed, check.image);
    if (from !== result.value) moves[check.image] = { ...(from ? { from } : {}), to: result.value };
  }
  return moves;
}
