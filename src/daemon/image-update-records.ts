/**
 * Building and settling a service's image-update record (store: project state `imageUpdates`).
 * Pure apart from the spec hash: what a pending update became is read from the observation and
 * the apply flow's own marks (rolledBack, recoveryPlan), never from event text.
 */
import { Labels, type Observed, type ServiceSpec } from "../core/index.js";
import { pinnedImage, shortDigest, splitImage } from "../images/index.js";
import { computeSpecHash } from "../manifest/index.js";
import type { ProjectStateShapes, ResolvedImageUpdate, ServiceImageUpdates } from "../store/index.js";

export type PendingOutcome = "succeeded" | "rolled-back" | "failed" | "in-progress";

export function resolvedUpdate(
  declared: ServiceSpec,
  found: { tag: string; digest: string },
  at: string,
): ResolvedImageUpdate {
  const { repository } = splitImage(declared.image);
  const image = pinnedImage(repository, found.tag, found.digest);
  const { specHash: _drop, ...rest } = declared;
  const spec: ServiceSpec = { ...rest, image, specHash: computeSpecHash({ ...rest, image }) };
  return {
    policy: declared.autoUpdate?.policy ?? "digest",
    declaredImage: declared.image,
    declaredSpecHash: declared.specHash,
    tag: found.tag,
    digest: found.digest,
    image,
    spec,
    at,
  };
}

/** What became of a pending update after a pass. */
export function pendingOutcome(
  pending: ResolvedImageUpdate,
  ctx: {
    ownerId: string;
    observed: Observed;
    rolledBack: ProjectStateShapes["rolledBack"] | undefined;
    recoveryPlan: ProjectStateShapes["recoveryPlan"] | undefined;
  },
): PendingOutcome {
  const name = pending.spec.name;
  if (ctx.rolledBack?.[name]?.failedSpecHash === pending.spec.specHash) return "rolled-back";
  const stuck = ctx.recoveryPlan?.specs.some((s) => s.name === name) && ctx.recoveryPlan.at >= pending.at;
  if (stuck) return "failed";
  const mine = ctx.observed.containers.filter(
    (c) => c.labels[Labels.service] === name && c.labels[Labels.owner] === ctx.ownerId,
  );
  const up = mine.filter((c) => c.image === pending.image && c.state === "running");
  if (up.length >= pending.spec.replicas && up.length === mine.length) return "succeeded";
  return "in-progress";
}

/** "app:1.0.0 → app:1.1.0 (sha256:…)" for messages. */
export function describeMove(
  declaredImage: string,
  from: { tag: string; digest?: string },
  to: { tag: string; digest: string },
): string {
  const { repository } = splitImage(declaredImage);
  const name = repository.slice(repository.lastIndexOf("/") + 1);
  const fromText = `${name}:${from.tag}${from.digest ? ` (${shortDigest(from.digest)})` : ""}`;
  return `${fromText} → ${name}:${to.tag} (${shortDigest(to.digest)})`;
}

export function freshRecord(spec: ServiceSpec): ServiceImageUpdates {
  return { declaredImage: spec.image, failed: [] };
}
