/** Per-service snapshots for the transition tracker from what a pass observed and the daemon's states. */
import { compareCodeUnits, type Desired, Labels, type Observed } from "../core/index.js";
import type { ServiceCondition, ServiceSnapshot } from "./transitions.js";

export function serviceSnapshots(
  desired: Desired,
  observed: Observed,
  states: ReadonlyMap<string, ServiceCondition>,
): ServiceSnapshot[] {
  const out: ServiceSnapshot[] = [];
  for (const s of desired.services) {
    const condition = states.get(s.name);
    if (condition === undefined) continue;
    // What runs: spec hash label and image id of each running instance. A restart keeps it, a
    // recreate with a new spec or image changes it (that is an "update").
    const running = observed.containers.filter(
      (c) =>
        c.state === "running" &&
        c.labels[Labels.project] === desired.project &&
        c.labels[Labels.service] === s.name,
    );
    const parts = [
      ...new Set(running.map((c) => `${c.labels[Labels.specHash] ?? ""}@${c.imageId ?? c.image}`)),
    ];
    out.push({ service: s.name, condition, version: parts.sort(compareCodeUnits).join(",") });
  }
  return out;
}
