/**
 * A network or volume with our runtime name that we cannot prove we own (a hand-made or
 * Compose-made `<project>_default`) is never adopted: the services that need it are blocked, with
 * a hint, and nothing is attached to it or changed. Pure.
 */
import type { Desired, ObservedNetwork, ObservedVolume } from "../core/index.js";
import { Labels, sameOwnerLabels } from "../core/index.js";
import { resourceOwned } from "./ownership.js";
import { networkName, type OwnershipView, volumeName } from "./plan-input.js";

/** Present and usable: owned (labels + record), or labelled ours by this store (record lost). */
export type ResourceState = "absent" | "ours" | "foreign";

export function resourceState(
  found: ObservedNetwork | ObservedVolume | undefined,
  project: string,
  recorded: ReadonlySet<string>,
  ownerId: string,
): ResourceState {
  if (!found) return "absent";
  if (resourceOwned(found.labels, project, recorded, found.name, ownerId)) return "ours";
  return sameOwnerLabels(found.labels, { [Labels.project]: project, [Labels.owner]: ownerId })
    ? "ours"
    : "foreign";
}

const HINT = "remove or rename it (hostwright never adopts a network or volume it did not create)";

/** service → why it is blocked, for every service that would use a foreign network or volume. */
export function foreignResourceBlocks(
  desired: Desired,
  observed: { networks: ObservedNetwork[]; volumes: ObservedVolume[] },
  ownership: OwnershipView,
): Map<string, string> {
  const out = new Map<string, string>();
  const net = networkName(desired.project);
  const n = observed.networks.find((x) => x.name === net);
  if (resourceState(n, desired.project, ownership.networks, ownership.ownerId) === "foreign") {
    // Every container joins the project network: nothing of the project may be planned.
    for (const s of desired.services)
      out.set(s.name, `network ${net} exists and is not owned by this project; ${HINT}`);
    return out;
  }
  for (const s of desired.services) {
    for (const m of s.volumes) {
      if (m.type !== "volume" || out.has(s.name)) continue;
      const name = volumeName(desired.project, m.source);
      const v = observed.volumes.find((x) => x.name === name);
      if (resourceState(v, desired.project, ownership.volumes, ownership.ownerId) === "foreign")
        out.set(s.name, `volume ${name} exists and is not owned by this project; ${HINT}`);
    }
  }
  return out;
}
