import { Labels, type ObservedContainer } from "../core/index.js";
import type { OwnershipView } from "./plan-input.js";

export type Provenance = { owned: true } | { owned: false; reason: string };

/**
 * Ownership proof = our labels AND our owner id AND a record in the state store. Anything less
 * is never stopped, changed or removed (reference/manifest.md, "Identity and ownership").
 */
export function containerProvenance(
  c: ObservedContainer,
  project: string,
  ownership: OwnershipView,
): Provenance {
  if (c.labels[Labels.managed] !== "true" || c.labels[Labels.project] !== project) {
    const compose = c.labels["com.docker.compose.project"];
    if (compose !== undefined) {
      // docker compose made it: never touched; say how to hand the project over.
      return {
        owned: false,
        reason: `it was created by docker compose (project ${compose}); to hand it over run \`docker compose -p ${compose} down\`, then \`hostwright up\``,
      };
    }
    return { owned: false, reason: "it has no hostwright labels for this project" };
  }
  const owner = c.labels[Labels.owner];
  if (owner !== ownership.ownerId) {
    return {
      owned: false,
      reason: `it belongs to another hostwright state store (owner ${owner ?? "missing"})`,
    };
  }
  if (!ownership.containers.has(c.name)) {
    return { owned: false, reason: "this state store has no ownership record for it" };
  }
  return { owned: true };
}

export function resourceOwned(
  labels: Record<string, string>,
  project: string,
  recorded: ReadonlySet<string>,
  name: string,
  ownerId: string,
): boolean {
  return (
    labels[Labels.managed] === "true" &&
    labels[Labels.project] === project &&
    labels[Labels.owner] === ownerId &&
    recorded.has(name)
  );
}
