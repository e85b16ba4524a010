import { HwError } from "./errors.js";
import { RuntimeErrorCode } from "./runtime.js";

/** The labels every owned runtime resource carries (reference/manifest.md, "Identity and ownership"). */
export const LABEL_PREFIX = "dev.hostwright.";
export const Labels = {
  managed: "dev.hostwright.managed",
  project: "dev.hostwright.project",
  service: "dev.hostwright.service",
  instance: "dev.hostwright.instance",
  specHash: "dev.hostwright.spec-hash",
  owner: "dev.hostwright.owner",
  /** Volumes and networks: the declared (not runtime) name. */
  resource: "dev.hostwright.resource",
} as const;

/**
 * Whether an existing network/volume carries the same project and owner labels we would give it.
 * Adapters refuse to adopt one that does not (a hand-made or Compose-made `<project>_default`).
 */
export function sameOwnerLabels(existing: Record<string, string>, wanted: Record<string, string>): boolean {
  return (
    existing[Labels.managed] === "true" &&
    existing[Labels.project] === wanted[Labels.project] &&
    existing[Labels.owner] === wanted[Labels.owner]
  );
}

/** Every adapter's answer to an existing network/volume that is not ours: refuse, with a typed code. */
export function assertOwnResource(
  kind: "network" | "volume",
  name: string,
  existing: Record<string, string>,
  wanted: Record<string, string>,
): void {
  if (sameOwnerLabels(existing, wanted)) return;
  throw new HwError(RuntimeErrorCode.notOwned, `${kind} ${name} exists and is not owned by this project`, {
    hint: `remove or rename the existing ${kind} (hostwright never adopts a ${kind} it did not create)`,
  });
}
