/**
 * diff(desired, observed) → what is off, per instance. Pure and deterministic: the same inputs give
 * the same drift list in the same order.
 */
import {
  compareCodeUnits,
  type InstanceSpec,
  Labels,
  type ObservedContainer,
  type ServiceSpec,
} from "../core/index.js";
import { type Divergence, renderDivergence } from "./op-reason.js";
import { containerProvenance } from "./ownership.js";
import type { PlanInput } from "./plan-input.js";
import type { Drift } from "./plan-types.js";
import { describeSpecChange } from "./spec-change.js";
import { instanceSpecHash } from "./spec-hash.js";

export type InstanceStatus = "ok" | "missing" | "stopped" | "modified" | "unhealthy" | "clash";

export interface InstanceDiff {
  instance: InstanceSpec;
  status: InstanceStatus;
  /** Present when a container with the instance's name exists (owned or not). */
  container?: ObservedContainer;
  specHash: string;
  /** Why it is off, as data; `detail` is its rendered text (for drift and service summaries). */
  why: Divergence;
  detail: string;
}

export interface DiffResult {
  instances: InstanceDiff[];
  /** Owned containers of declared services above the replica count, highest index first. */
  extras: ObservedContainer[];
  /** Owned containers of services no longer declared. */
  orphans: ObservedContainer[];
  /** Owned containers with a non-canonical name (an interrupted start-first update). */
  leftovers: ObservedContainer[];
  /** Services that must not be touched, with the reason. */
  blocked: Map<string, string>;
  drift: Drift[];
}

export function diffProject(input: PlanInput): DiffResult {
  const { desired, observed, ownership } = input;
  const byName = new Map<string, ObservedContainer>();
  for (const c of [...observed.containers, ...observed.clashes]) byName.set(c.name, c);

  const result: DiffResult = {
    instances: [],
    extras: [],
    orphans: [],
    leftovers: [],
    blocked: new Map(),
    drift: [],
  };
  const declared = new Map(desired.services.map((s) => [s.name, s]));
  const desiredNames = new Set(desired.instances.map((i) => i.name));

  for (const instance of desired.instances) {
    const specHash = instanceSpecHash(instance.spec.specHash, input.secretDigests[instance.service] ?? "");
    const container = byName.get(instance.name);
    const d = classifyInstance(instance, container, specHash, input);
    result.instances.push(d);
    if (d.status === "clash") {
      result.blocked.set(instance.service, `name clash: ${d.detail}`);
    }
    if (d.status !== "ok") {
      result.drift.push({
        kind: d.status,
        service: instance.service,
        name: instance.name,
        index: instance.index,
        detail: d.detail,
      });
    }
  }

  for (const c of observed.containers) {
    if (desiredNames.has(c.name)) continue;
    const prov = containerProvenance(c, desired.project, ownership);
    const service = c.labels[Labels.service] ?? "?";
    if (!prov.owned) {
      result.drift.push({
        kind: "clash",
        service,
        name: c.name,
        detail: `${c.name} is not touched: ${prov.reason}`,
      });
      continue;
    }
    const spec = declared.get(service);
    const index = Number(c.labels[Labels.instance]);
    if (!spec) {
      result.orphans.push(c);
      result.drift.push({ kind: "orphan", service, name: c.name, detail: "service no longer declared" });
    } else if (c.name !== `${desired.project}-${service}-${index}`) {
      result.leftovers.push(c);
      result.drift.push({
        kind: "leftover",
        service,
        name: c.name,
        detail: "left over from an interrupted update",
      });
    } else {
      result.extras.push(c);
      result.drift.push({
        kind: "extra",
        service,
        name: c.name,
        index,
        detail: `replica ${index} above declared ${spec.replicas}`,
      });
    }
  }
  result.extras.sort((a, b) => indexOf(b) - indexOf(a) || compareCodeUnits(a.name, b.name));
  result.orphans.sort((a, b) => compareCodeUnits(a.name, b.name));
  result.leftovers.sort((a, b) => compareCodeUnits(a.name, b.name));
  result.drift.sort(
    (a, b) =>
      compareCodeUnits(a.service, b.service) ||
      compareCodeUnits(a.name ?? "", b.name ?? "") ||
      compareCodeUnits(a.kind, b.kind),
  );
  return result;
}

function indexOf(c: ObservedContainer): number {
  return Number(c.labels[Labels.instance] ?? 0);
}

function classifyInstance(
  instance: InstanceSpec,
  container: ObservedContainer | undefined,
  specHash: string,
  input: PlanInput,
): InstanceDiff {
  const make = (status: InstanceStatus, why: Divergence): InstanceDiff => ({
    instance,
    specHash,
    ...(container ? { container } : {}),
    status,
    why,
    detail: renderDivergence(why),
  });
  if (!container) return make("missing", { kind: "no-container" });
  const prov = containerProvenance(container, input.desired.project, input.ownership);
  if (!prov.owned) return make("clash", { kind: "name-clash", name: container.name, reason: prov.reason });
  const changed = specChange(instance.spec, container, specHash, input);
  if (changed) return make("modified", changed);
  const run = runStateChange(instance.spec, container);
  if (run) return make(run.status, run.why);
  if (input.unhealthy?.has(instance.name)) return make("unhealthy", { kind: "liveness-failed" });
  return make("ok", { kind: "in-sync" });
}

function specChange(
  spec: ServiceSpec,
  c: ObservedContainer,
  specHash: string,
  input: PlanInput,
): Divergence | undefined {
  const labelHash = c.labels[Labels.specHash];
  if (labelHash !== specHash) {
    const digest = input.secretDigests[spec.name] ?? "";
    const previous = input.history?.find(
      (h) => h.name === spec.name && instanceSpecHash(h.specHash, digest) === labelHash,
    );
    if (previous) {
      const fields = describeSpecChange(previous, spec);
      const update = input.imageUpdates?.[spec.name];
      if (update && fields.length === 1 && fields[0] === "image") {
        return { kind: "auto-update", policy: update.policy, running: previous.image, resolved: spec.image };
      }
      if (fields.length > 0) return { kind: "spec-changed", fields };
    }
    if (input.history?.some((h) => h.name === spec.name && h.specHash === spec.specHash)) {
      return { kind: "secret-rotated" };
    }
    return { kind: "spec-hash", ...(labelHash ? { from: labelHash } : {}), to: specHash };
  }
  const wantedImageId = input.observed.images[spec.image];
  if (wantedImageId && c.imageId && wantedImageId !== c.imageId) {
    return { kind: "image-moved", image: spec.image, now: wantedImageId, running: c.imageId };
  }
  const moved = spec.pullPolicy === "always" ? input.tagMoves?.[spec.image] : undefined;
  if (moved && c.imageDigest !== moved.to) {
    const from = c.imageDigest ?? moved.from;
    return { kind: "tag-moved", image: spec.image, ...(from ? { from } : {}), to: moved.to };
  }
  return undefined;
}

function runStateChange(
  spec: ServiceSpec,
  c: ObservedContainer,
): { status: "stopped" | "modified"; why: Divergence } | undefined {
  switch (c.state) {
    case "running":
    case "restarting":
    // Being removed by someone: transient. The next observation shows it gone (then: missing).
    case "removing":
      return undefined;
    case "created":
      return { status: "stopped", why: { kind: "never-started" } };
    case "exited": {
      // A one-shot job (policy no) that ran is done, and on-failure accepts a clean exit.
      if (spec.restart.policy === "no") return undefined;
      if (spec.restart.policy === "on-failure" && c.exitCode === 0) return undefined;
      return {
        status: "stopped",
        why: { kind: "exited", ...(c.exitCode === undefined ? {} : { exitCode: c.exitCode }) },
      };
    }
    default:
      return { status: "modified", why: { kind: "state", state: c.state } };
  }
}
