/**
 * Builders for Desired / Observed literals in unit tests of pure planning code. They fill the same
 * defaults reference/manifest.md gives, so golden plans read like real ones.
 */
import {
  containerName,
  type Desired,
  type InstanceSpec,
  instanceId,
  type Observed,
  type ObservedContainer,
  type ServiceSpec,
} from "../../src/core/index.js";
import { canonicalJson, sha256 } from "../../src/reconcile/spec-hash.js";

export const OWNER = "00000000-0000-4000-8000-000000000001";

export function service(name: string, over: Partial<ServiceSpec> = {}): ServiceSpec {
  const s: ServiceSpec = {
    name,
    image: "hostwright.local/busybox:1",
    replicas: 1,
    init: false,
    env: {},
    secretEnv: {},
    labels: {},
    ports: [],
    volumes: [],
    dependsOn: {},
    probes: {},
    restart: { policy: "unless-stopped", backoff: { initialMs: 1000, maxMs: 60_000 } },
    update: {
      strategy: "rolling",
      maxSurge: 1,
      maxUnavailable: 0,
      progressDeadlineMs: 300_000,
      failureAction: "rollback",
    },
    stopGracePeriodMs: 10_000,
    resources: {},
    readOnlyRootFilesystem: false,
    specHash: "",
    ...over,
  };
  const {
    name: _n,
    replicas: _r,
    dependsOn: _d,
    probes: _p,
    restart: _re,
    update: _u,
    specHash: _h,
    ...hashed
  } = s;
  return { ...s, specHash: sha256(canonicalJson({ v: 1, ...hashed })) };
}

export function desired(project: string, services: ServiceSpec[], volumes: string[] = []): Desired {
  const sorted = [...services].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const instances: InstanceSpec[] = sorted.flatMap((s) =>
    Array.from({ length: s.replicas }, (_, k) => ({
      project,
      service: s.name,
      index: k + 1,
      id: instanceId(project, s.name, k + 1),
      name: containerName(project, s.name, k + 1),
      spec: s,
    })),
  );
  const body = { project, services: sorted, volumes };
  return {
    project,
    version: 2,
    imagePolicy: "allow-tags",
    volumes: Object.fromEntries(
      volumes.map((v) => [v, { name: v, labels: {}, reclaimPolicy: "retain" as const }]),
    ),
    services: sorted,
    instances,
    reconcile: {
      mode: "heal",
      resyncMs: 30_000,
      guardrails: { rateLimit: { actions: 5, perMs: 600_000 }, maintenanceWindows: [] },
    },
    sourcePath: "/tmp/hostwright.yaml",
    canonical: canonicalJson(body),
    hash: sha256(canonicalJson(body)),
  };
}

/** A container as the runtime would report one we created for `spec`. */
export function ownedContainer(
  project: string,
  spec: ServiceSpec,
  index: number,
  over: Partial<ObservedContainer> & { specHash?: string; owner?: string } = {},
): ObservedContainer {
  const { specHash, owner, ...rest } = over;
  const name = containerName(project, spec.name, index);
  return {
    id: `${"c0ffee".repeat(2)}${spec.name.padEnd(6, "x").slice(0, 6)}${index}`.padEnd(64, "0"),
    name,
    labels: {
      "dev.hostwright.managed": "true",
      "dev.hostwright.project": project,
      "dev.hostwright.service": spec.name,
      "dev.hostwright.instance": String(index),
      "dev.hostwright.spec-hash": specHash ?? spec.specHash,
      "dev.hostwright.owner": owner ?? OWNER,
    },
    state: "running",
    image: spec.image,
    imageId: "sha256:1111",
    ports: [],
    ...rest,
  };
}

export function observed(
  project: string,
  containers: ObservedContainer[],
  over: Partial<Observed> = {},
): Observed {
  return {
    project,
    takenAt: "2026-11-22T00:00:00.000Z",
    runtime: "fake",
    containers,
    clashes: [],
    volumes: [],
    // Created by this store (labels); tests of foreign networks pass their own.
    networks: [
      {
        id: "n1",
        name: `${project}_default`,
        labels: {
          "dev.hostwright.managed": "true",
          "dev.hostwright.project": project,
          "dev.hostwright.owner": OWNER,
        },
      },
    ],
    images: { "hostwright.local/busybox:1": "sha256:1111" },
    ...over,
  };
}

export function ownership(containers: ObservedContainer[], extra: string[] = []) {
  return {
    ownerId: OWNER,
    containers: new Set([...containers.map((c) => c.name), ...extra]),
    volumes: new Set<string>(),
    networks: new Set<string>(),
  };
}
