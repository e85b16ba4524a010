/**
 * planConvergence: diff + policy → an ordered DAG of operations, each with a cause. Pure.
 */
import {
  compareCodeUnits,
  type DependencyCondition,
  type InstanceSpec,
  type ObservedContainer,
  type ServiceSpec,
} from "../core/index.js";
import { diffProject, type InstanceDiff } from "./diff.js";
import { OpBuilder } from "./op-builder.js";
import { planHash } from "./plan-hash.js";
import { networkName, type PlanInput, volumeName } from "./plan-input.js";
import type { Plan, ServiceChange } from "./plan-types.js";
import { dependencyOrder, dependentsOf } from "./topo-order.js";
import { recreateStrategy } from "./update-strategy.js";

export function planConvergence(input: PlanInput): Plan {
  const { desired, observed } = input;
  const diff = diffProject(input);
  const b = new OpBuilder();
  const blocked = new Map(diff.blocked);
  for (const [service, reason] of diff.blocked) {
    for (const dep of dependentsOf(desired.services, service)) {
      if (!blocked.has(dep)) blocked.set(dep, `depends on blocked service ${service} (${reason})`);
    }
  }
  const byService = groupBy(diff.instances, (d) => d.instance.service);
  const changes: ServiceChange[] = [];

  // Shared prerequisites, only when something will be created.
  const creating = diff.instances.filter(
    (d) => !blocked.has(d.instance.service) && (d.status === "missing" || d.status === "modified"),
  );
  const netName = networkName(desired.project);
  let netOp: number | undefined;
  if (creating.length > 0 && !observed.networks.some((n) => n.name === netName)) {
    netOp = b.add({
      kind: "ensure-network",
      target: `network:${netName}`,
      name: netName,
      cause: "project network missing",
      dependsOn: [],
    });
  }
  const volOps = new Map<string, number>();
  for (const vol of Object.keys(desired.volumes).sort()) {
    const name = volumeName(desired.project, vol);
    const used = creating.some((d) =>
      d.instance.spec.volumes.some((m) => m.type === "volume" && m.source === vol),
    );
    if (used && !observed.volumes.some((v) => v.name === name)) {
      volOps.set(
        vol,
        b.add({
          kind: "ensure-volume",
          target: `volume:${name}`,
          name,
          volume: vol,
          cause: "volume missing",
          dependsOn: [],
        }),
      );
    }
  }
  const imageOps = new Map<string, number>();
  for (const ref of [...new Set(creating.map((d) => d.instance.spec.image))].sort()) {
    if (!observed.images[ref]) {
      imageOps.set(
        ref,
        b.add({
          kind: "ensure-image",
          target: `image:${ref}`,
          ref,
          cause: "image not present locally",
          dependsOn: [],
        }),
      );
    }
  }
  const prereqs = (spec: ServiceSpec): number[] => [
    ...(netOp ? [netOp] : []),
    ...spec.volumes.flatMap((m) =>
      m.type === "volume" && volOps.has(m.source) ? [volOps.get(m.source)!] : [],
    ),
    ...(imageOps.has(spec.image) ? [imageOps.get(spec.image)!] : []),
  ];

  // Per service, dependencies first. startOps/gates let dependents wait for the right condition.
  const startOps = new Map<string, number>(); // container name → start op
  const gateCache = new Map<string, number[]>();
  const gate = (dep: ServiceSpec, condition: DependencyCondition): number[] => {
    const key = `${dep.name}:${condition}`;
    const cached = gateCache.get(key);
    if (cached) return cached;
    const instances = byService.get(dep.name) ?? [];
    const ids: number[] = [];
    for (const d of instances) {
      const start = startOps.get(d.instance.name);
      if (condition === "started") {
        if (start) ids.push(start);
        continue;
      }
      ids.push(
        b.add({
          kind: "await",
          target: `container:${d.instance.name}`,
          service: dep.name,
          name: d.instance.name,
          condition,
          timeoutMs: dep.update.progressDeadlineMs,
          ...(d.container && !start ? { runtimeId: d.container.id } : {}),
          cause: `a dependent waits for ${dep.name} to be ${condition}`,
          dependsOn: start ? [start] : [],
        }),
      );
    }
    gateCache.set(key, ids);
    return ids;
  };

  for (const spec of dependencyOrder(desired.services)) {
    const reason = blocked.get(spec.name);
    if (reason) {
      changes.push({ service: spec.name, action: "blocked", detail: reason });
      continue;
    }
    const instances = byService.get(spec.name) ?? [];
    const needsStart = instances.some((d) => d.status !== "ok");
    const depGates = needsStart
      ? Object.entries(spec.dependsOn)
          .sort(([a], [c]) => compareCodeUnits(a, c))
          .flatMap(([name, cond]) => {
            const dep = desired.services.find((s) => s.name === name);
            return dep && !blocked.has(name) ? gate(dep, cond) : [];
          })
      : [];
    const change = planService(b, spec, instances, {
      prereqs: prereqs(spec),
      depGates,
      startOps,
      runtime: input.runtime,
    });
    const extras = diff.extras.filter((c) => c.labels["dev.hostwright.service"] === spec.name);
    for (const c of extras)
      removeContainer(
        b,
        c,
        spec.name,
        `scale down: replica above declared ${spec.replicas}`,
        spec.stopGracePeriodMs,
      );
    if (extras.length > 0) {
      change.action = change.action === "unchanged" ? "scale" : change.action;
      change.detail = [change.detail, `remove ${extras.length} extra replica(s)`]
        .filter((s) => s !== "in sync")
        .join("; ");
    }
    changes.push(change);
  }
  for (const c of diff.orphans) {
    const service = c.labels["dev.hostwright.service"] ?? "?";
    // The orphan's own declared grace, from the last revision that declared it.
    const grace = input.history?.find((h) => h.name === service)?.stopGracePeriodMs ?? 10_000;
    removeContainer(b, c, service, "orphan: service no longer declared", grace);
  }
  for (const service of [
    ...new Set(diff.orphans.map((c) => c.labels["dev.hostwright.service"] ?? "?")),
  ].sort()) {
    changes.push({ service, action: "remove", detail: "no longer declared" });
  }
  for (const c of diff.leftovers) {
    removeContainer(
      b,
      c,
      c.labels["dev.hostwright.service"] ?? "?",
      "left over from an interrupted update",
      10_000,
    );
  }

  const blockedList = [...blocked]
    .map(([service, reason]) => ({ service, reason }))
    .sort((x, y) => compareCodeUnits(x.service, y.service));
  const plan: Omit<Plan, "hash"> = {
    project: desired.project,
    desiredHash: desired.hash,
    observedAt: observed.takenAt,
    drift: diff.drift,
    services: changes.sort((x, y) => compareCodeUnits(x.service, y.service)),
    ops: b.ops,
    blocked: blockedList,
  };
  return { ...plan, hash: planHash(plan) };
}

interface ServiceContext {
  prereqs: number[];
  depGates: number[];
  startOps: Map<string, number>;
  runtime: PlanInput["runtime"];
}

function planService(
  b: OpBuilder,
  spec: ServiceSpec,
  instances: InstanceDiff[],
  ctx: ServiceContext,
): ServiceChange {
  const counts = { create: 0, recreate: 0, start: 0 };
  const strategy = recreateStrategy(spec, ctx.runtime);
  let previousRecreateTail: number | undefined;
  for (const d of instances) {
    const i = d.instance;
    if (d.status === "missing") {
      const create = addCreate(b, d, [...ctx.prereqs], `missing: ${d.detail}`);
      ctx.startOps.set(i.name, addStart(b, i, [create, ...ctx.depGates], "start the new container"));
      counts.create++;
    } else if (d.status === "stopped" && d.container) {
      ctx.startOps.set(
        i.name,
        b.add({
          kind: "start",
          target: `container:${i.name}`,
          service: i.service,
          name: i.name,
          runtimeId: d.container.id,
          cause: `stopped: ${d.detail}`,
          dependsOn: ctx.depGates,
        }),
      );
      counts.start++;
    } else if (d.status === "unhealthy" && d.container) {
      // Liveness failure: restart in place (Docker's missing feature), never a recreate.
      const stop = b.add({
        kind: "stop",
        target: `container:${i.name}`,
        service: i.service,
        name: i.name,
        runtimeId: d.container.id,
        graceMs: spec.stopGracePeriodMs,
        cause: `unhealthy: ${d.detail}`,
        dependsOn: [],
      });
      ctx.startOps.set(
        i.name,
        b.add({
          kind: "start",
          target: `container:${i.name}`,
          service: i.service,
          name: i.name,
          runtimeId: d.container.id,
          cause: "restart after liveness failure",
          dependsOn: [stop, ...ctx.depGates],
        }),
      );
      counts.start++;
    } else if (d.status === "modified" && d.container) {
      // Rolling updates replace one replica at a time; "recreate" replaces them all at once.
      const serial =
        spec.update.strategy === "rolling" && previousRecreateTail !== undefined
          ? [previousRecreateTail]
          : [];
      previousRecreateTail =
        strategy.order === "start-first"
          ? recreateStartFirst(b, d, d.container, [...ctx.prereqs, ...serial], ctx)
          : recreateStopFirst(b, d, d.container, [...ctx.prereqs, ...serial], ctx);
      counts.recreate++;
    }
  }
  const parts = [
    counts.create ? `create ${counts.create}` : "",
    counts.recreate ? `recreate ${counts.recreate} ${strategy.order} (${strategy.reason})` : "",
    counts.start ? `start ${counts.start}` : "",
  ].filter(Boolean);
  const action = counts.recreate
    ? "recreate"
    : counts.create
      ? "create"
      : counts.start
        ? "start"
        : "unchanged";
  const causes = [...new Set(instances.filter((d) => d.status !== "ok").map((d) => d.detail))];
  return {
    service: spec.name,
    action,
    ...(counts.recreate ? { strategy } : {}),
    detail: parts.length ? `${parts.join(", ")}: ${causes.join("; ")}` : "in sync",
  };
}

function addCreate(b: OpBuilder, d: InstanceDiff, deps: number[], cause: string): number {
  const i = d.instance;
  return b.add({
    kind: "create",
    target: `container:${i.name}`,
    service: i.service,
    name: i.name,
    instance: i,
    specHash: d.specHash,
    cause,
    dependsOn: deps,
  });
}

function addStart(b: OpBuilder, i: InstanceSpec, deps: number[], cause: string): number {
  return b.add({
    kind: "start",
    target: `container:${i.name}`,
    service: i.service,
    name: i.name,
    cause,
    dependsOn: deps,
  });
}

function recreateStartFirst(
  b: OpBuilder,
  d: InstanceDiff,
  old: ObservedContainer,
  deps: number[],
  ctx: ServiceContext,
): number {
  const i = d.instance;
  const spec = i.spec;
  const temp = `${i.name}-old-${old.id.slice(0, 12)}`;
  const rename = b.add({
    kind: "rename",
    target: `container:${i.name}`,
    service: i.service,
    name: i.name,
    runtimeId: old.id,
    to: temp,
    cause: `${d.detail}; keep the old container until the new one is up`,
    dependsOn: deps,
  });
  const create = addCreate(b, d, [rename], d.detail);
  const start = addStart(b, i, [create, ...ctx.depGates], "start the replacement");
  ctx.startOps.set(i.name, start);
  const verify = b.add({
    kind: "await",
    target: `container:${i.name}`,
    service: i.service,
    name: i.name,
    condition: spec.probes.readiness ? "ready" : "running",
    timeoutMs: spec.update.progressDeadlineMs,
    cause: "the replacement must be up before the old container goes",
    dependsOn: [start],
  });
  const stop = b.add({
    kind: "stop",
    target: `container:${temp}`,
    service: i.service,
    name: temp,
    runtimeId: old.id,
    graceMs: spec.stopGracePeriodMs,
    cause: "replaced",
    dependsOn: [verify],
  });
  return b.add({
    kind: "remove",
    target: `container:${temp}`,
    service: i.service,
    name: temp,
    runtimeId: old.id,
    cause: "replaced",
    dependsOn: [stop],
  });
}

function recreateStopFirst(
  b: OpBuilder,
  d: InstanceDiff,
  old: ObservedContainer,
  deps: number[],
  ctx: ServiceContext,
): number {
  const i = d.instance;
  const stop = b.add({
    kind: "stop",
    target: `container:${i.name}`,
    service: i.service,
    name: i.name,
    runtimeId: old.id,
    graceMs: i.spec.stopGracePeriodMs,
    cause: d.detail,
    dependsOn: deps,
  });
  const remove = b.add({
    kind: "remove",
    target: `container:${i.name}`,
    service: i.service,
    name: i.name,
    runtimeId: old.id,
    cause: d.detail,
    dependsOn: [stop],
  });
  const create = addCreate(b, d, [remove, ...deps], d.detail);
  const start = addStart(b, i, [create, ...ctx.depGates], "start the replacement");
  ctx.startOps.set(i.name, start);
  return start;
}

function removeContainer(
  b: OpBuilder,
  c: ObservedContainer,
  service: string,
  cause: string,
  graceMs: number,
): void {
  const stop =
    c.state === "running" || c.state === "restarting" || c.state === "paused"
      ? [
          b.add({
            kind: "stop",
            target: `container:${c.name}`,
            service,
            name: c.name,
            runtimeId: c.id,
            graceMs,
            cause,
            dependsOn: [],
          }),
        ]
      : [];
  b.add({
    kind: "remove",
    target: `container:${c.name}`,
    service,
    name: c.name,
    runtimeId: c.id,
    cause,
    dependsOn: stop,
  });
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}
