/**
 * Builds the status view (per service and instance: desired vs observed, state, drift, ports) from
 * the same diff the planner uses, so status and plan can never disagree. Pure.
 */
import {
  type Desired,
  type Observed,
  type ObservedContainer,
  projectSummary,
  type SummaryState,
  shortId,
} from "../core/index.js";
import { type DiffResult, diffProject, type OwnershipView } from "../reconcile/index.js";

export type { SummaryState };

export interface InstanceStatus {
  name: string;
  index: number;
  state: string;
  exitCode?: number;
  health: string;
  drift: string | null;
  ports: string[];
  containerId?: string;
  /** Address on the project network while running (Apple changes it on every start). */
  ip?: string;
  /** What the container runs: the reference it was created from, its image id and repo digest. */
  image?: string;
  imageId?: string;
  imageDigest?: string;
}

export interface ServiceStatus {
  name: string;
  desired: number;
  running: number;
  summary: SummaryState;
  drift: string[];
  instances: InstanceStatus[];
}

export interface ProjectStatus {
  project: string;
  summary: SummaryState;
  observedAt: string;
  runtime: string;
  services: ServiceStatus[];
  orphans: string[];
  notOwned: string[];
}

export function buildStatus(
  desired: Desired,
  observed: Observed,
  ownership: OwnershipView,
  secretDigests: Record<string, string>,
  health: (name: string) => string = () => "unknown",
): ProjectStatus {
  const diff: DiffResult = diffProject({ desired, observed, ownership, secretDigests });
  const services: ServiceStatus[] = desired.services.map((s) => {
    const instances = diff.instances
      .filter((d) => d.instance.service === s.name)
      .map((d) =>
        instanceStatus(
          d.instance.name,
          d.instance.index,
          d.container,
          d.status === "ok" ? null : `${d.status}: ${d.detail}`,
          health,
        ),
      );
    for (const c of diff.extras.filter((e) => e.labels["dev.hostwright.service"] === s.name)) {
      instances.push(
        instanceStatus(
          c.name,
          Number(c.labels["dev.hostwright.instance"]),
          c,
          "extra: above declared replicas",
          health,
        ),
      );
    }
    const drift = instances.flatMap((i) => (i.drift ? [i.drift] : []));
    const running = instances.filter((i) => i.state === "running" && !i.drift?.startsWith("extra")).length;
    const blocked = diff.blocked.has(s.name);
    return {
      name: s.name,
      desired: s.replicas,
      running,
      summary:
        blocked || instances.some((i) => i.health === "unhealthy")
          ? "unstable"
          : drift.length
            ? "degraded"
            : "nominal",
      drift: blocked ? [`blocked: ${diff.blocked.get(s.name)}`, ...drift] : drift,
      instances,
    };
  });
  const orphans = diff.orphans.map((c) => c.name);
  const worst = projectSummary([orphans.length ? "degraded" : "nominal", ...services.map((s) => s.summary)]);
  return {
    project: desired.project,
    summary: worst,
    observedAt: observed.takenAt,
    runtime: observed.runtime,
    services,
    orphans,
    notOwned: diff.drift.filter((d) => d.kind === "clash").map((d) => d.name ?? d.service),
  };
}

function instanceStatus(
  name: string,
  index: number,
  c: ObservedContainer | undefined,
  drift: string | null,
  health: (name: string) => string,
): InstanceStatus {
  return {
    name,
    index,
    state: c ? c.state : "missing",
    ...(c?.exitCode !== undefined && c.state === "exited" ? { exitCode: c.exitCode } : {}),
    health: c?.state === "running" ? health(name) : "-",
    drift,
    ports: (c?.ports ?? []).map((p) => `${p.hostIP}:${p.host}->${p.container}/${p.protocol}`),
    ...(c ? { containerId: shortId(c.id) } : {}),
    ...(c?.ip && c.state === "running" ? { ip: c.ip } : {}),
    ...(c ? { image: c.image } : {}),
    ...(c?.imageId ? { imageId: c.imageId } : {}),
    ...(c?.imageDigest ? { imageDigest: c.imageDigest } : {}),
  };
}
