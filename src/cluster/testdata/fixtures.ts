/** Small builders for cluster judgement tests (a two/three-node swarm at a fixed time). */
import type { PlacementSpec } from "../../core/index.js";
import type { ClusterDesired } from "../cluster-drift.js";
import type { ClusterNode, ClusterObservation, ClusterService, ClusterTask } from "../cluster-observation.js";

export const T0 = "2026-12-02T12:00:00.000Z";
export const at = (secondsAfterT0: number): string =>
  new Date(Date.parse(T0) + secondsAfterT0 * 1000).toISOString();

export function node(hostname: string, extra: Partial<ClusterNode> = {}): ClusterNode {
  return { id: `id-${hostname}`, hostname, state: "ready", availability: "active", role: "worker", ...extra };
}

export function task(hostname: string | undefined, extra: Partial<ClusterTask> = {}): ClusterTask {
  return {
    id: `t-${hostname ?? "none"}-${extra.state ?? "running"}-${extra.timestamp ?? T0}`,
    ...(hostname ? { nodeId: `id-${hostname}`, hostname } : {}),
    desiredState: "running",
    state: "running",
    timestamp: T0,
    ...extra,
  };
}

export function svc(
  service: string,
  tasks: ClusterTask[],
  extra: Partial<ClusterService> = {},
): ClusterService {
  return {
    name: `shop_${service}`,
    service,
    id: `sid-${service}`,
    owned: true,
    labels: {},
    versionIndex: 10,
    desiredReplicas: 1,
    tasks,
    ...extra,
  };
}

export function observation(
  nodes: ClusterNode[],
  services: ClusterService[],
  observedAt = at(600),
): ClusterObservation {
  return { project: "shop", observedAt, nodes, services };
}

export const pin = (
  nodes: string[],
  failover: string[] = [],
  afterMs = failover.length > 0 ? 120_000 : 0,
): PlacementSpec => ({
  nodes,
  constraints: [],
  failover,
  afterMs,
});

export function desired(
  services: {
    name: string;
    replicas?: number;
    placement?: PlacementSpec;
    dependsOn?: Record<string, "started">;
  }[],
): ClusterDesired {
  return {
    project: "shop",
    services: services.map((s) => ({
      name: s.name,
      replicas: s.replicas ?? 1,
      dependsOn: s.dependsOn ?? {},
      ...(s.placement ? { placement: s.placement } : {}),
    })),
  };
}
