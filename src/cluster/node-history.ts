/**
 * When each node went offline and when it came back: what failover needs and an observation
 * alone cannot say. The daemon keeps the previous history and advances it on every observation;
 * this is pure (the clock is the observation's time).
 */
import { compareCodeUnits } from "../core/index.js";
import type { ClusterObservation } from "./cluster-observation.js";
import { type NodeOfflineReason, offlineReason } from "./node-state.js";

export interface NodeHistory {
  hostname: string;
  online: boolean;
  /** Present while offline: why. */
  reason?: NodeOfflineReason;
  /**
   * ISO time of the last transition into the current state (offline since / online since). At
   * the first observation how long is unknown, so it is that observation's time: a daemon that
   * starts while a node is down waits the full `after` (never fails over on a guess).
   */
  since?: string;
}

/**
 * The next history from the previous one and a new observation. Nodes named in `track` (the
 * placement nodes) get an entry even when the cluster does not list them (offline: notInCluster).
 */
export function advanceNodeHistory(
  previous: readonly NodeHistory[],
  obs: ClusterObservation,
  track: readonly string[] = [],
): NodeHistory[] {
  const names = new Set([...obs.nodes.map((n) => n.hostname), ...track, ...previous.map((p) => p.hostname)]);
  const out: NodeHistory[] = [];
  for (const hostname of [...names].sort(compareCodeUnits)) {
    const reason = offlineReason(obs.nodes.find((n) => n.hostname === hostname));
    const online = reason === undefined;
    const prev = previous.find((p) => p.hostname === hostname);
    if (prev === undefined && !track.includes(hostname) && !obs.nodes.some((n) => n.hostname === hostname))
      continue;
    const since =
      prev !== undefined && prev.online === online ? (prev.since ?? obs.observedAt) : obs.observedAt;
    out.push({ hostname, online, ...(reason ? { reason } : {}), since });
  }
  return out;
}
