import type { Observed } from "../core/index.js";
import type { Store } from "../store/index.js";

/**
 * After an apply (holding the project lock), forget ownership records whose resource no longer
 * exists, so a stale record can never vouch for a foreign container created later under that name.
 */
export function pruneStaleOwnership(store: Store, observed: Observed): number {
  const present = {
    container: new Set(observed.containers.map((c) => c.name)),
    volume: new Set(observed.volumes.map((v) => v.name)),
    network: new Set(observed.networks.map((n) => n.name)),
  };
  let pruned = 0;
  for (const rec of store.ownedResources(observed.project)) {
    // Swarm service/secret/config records belong to the swarm flow (src/swarm), which a container observation cannot see.
    if (rec.kind === "service" || rec.kind === "secret" || rec.kind === "config") continue;
    if (!present[rec.kind].has(rec.name)) {
      store.forgetOwnership(rec.kind, rec.name);
      pruned++;
    }
  }
  return pruned;
}
