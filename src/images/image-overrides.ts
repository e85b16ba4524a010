/**
 * The image-override input: a service's resolved auto-update (stored by the daemon) replaces the
 * declared spec, as data, before anything plans. Pure, and idempotent: a record applies only
 * while the service still has the spec it was resolved from, so applying twice changes nothing and
 * a manifest change to the service voids it.
 */
import type { AutoUpdatePolicy, Desired, InstanceSpec, ServiceSpec } from "../core/index.js";

/** The stored shapes this module reads (store/'s ServiceImageUpdates satisfies it structurally). */
export interface ImageUpdateRecord {
  policy: AutoUpdatePolicy;
  declaredImage: string;
  declaredSpecHash: string;
  tag: string;
  digest: string;
  image: string;
  spec: ServiceSpec;
}
export interface ServiceImageRecords {
  applied?: ImageUpdateRecord;
  pending?: ImageUpdateRecord;
}

/** Which records apply: the operator's flows use what runs; the daemon also what it is applying. */
export type OverrideUse = "applied" | "applied-or-pending";

/** The plan's reason data for a service whose image an auto-update replaced. */
export interface ImageUpdateReason {
  policy: AutoUpdatePolicy;
  /** The declared reference (the manifest keeps saying it). */
  declared: string;
  /** The reference the service resolved to, "repo:tag@sha256:…". */
  resolved: string;
}

export function recordInUse(rec: ServiceImageRecords, use: OverrideUse): ImageUpdateRecord | undefined {
  return use === "applied-or-pending" ? (rec.pending ?? rec.applied) : rec.applied;
}

/**
 * `rehash` (manifest's computeSpecHash) lets a record follow a manifest change to the service that
 * keeps its image (say a new env value): the resolved image stays, with the new spec's hash, so one
 * recreate does both. Without it such a record is void until the daemon re-resolves it.
 */
export function withImageOverrides(
  desired: Desired,
  records: Readonly<Record<string, ServiceImageRecords>> | undefined,
  use: OverrideUse,
  rehash?: (spec: Omit<ServiceSpec, "specHash">) => string,
): Desired {
  if (!records) return desired;
  const replaced = new Map<string, ServiceSpec>();
  for (const s of desired.services) {
    const r = records[s.name] ? recordInUse(records[s.name]!, use) : undefined;
    if (!r || !s.autoUpdate || r.declaredImage !== s.image) continue;
    if (r.declaredSpecHash === s.specHash) {
      // The record's spec is the declared one at resolve time; keep today's non-hashed fields.
      replaced.set(s.name, { ...s, image: r.image, specHash: r.spec.specHash });
    } else if (rehash) {
      const { specHash: _old, ...rest } = s;
      replaced.set(s.name, { ...s, image: r.image, specHash: rehash({ ...rest, image: r.image }) });
    }
  }
  if (replaced.size === 0) return desired;
  const services = desired.services.map((s) => replaced.get(s.name) ?? s);
  const instances: InstanceSpec[] = desired.instances.map((i) => {
    const spec = replaced.get(i.service);
    return spec ? { ...i, spec } : i;
  });
  return { ...desired, services, instances };
}

/** Reason data for the planner, for services `withImageOverrides` replaced. */
export function imageUpdateReasons(
  desired: Desired,
  records: Readonly<Record<string, ServiceImageRecords>> | undefined,
): Record<string, ImageUpdateReason> {
  const out: Record<string, ImageUpdateReason> = {};
  for (const s of desired.services) {
    const rec = records?.[s.name];
    const r = [rec?.pending, rec?.applied].find((x) => x && x.image === s.image);
    if (r) out[s.name] = { policy: r.policy, declared: r.declaredImage, resolved: r.image };
  }
  return out;
}

/** The specs auto-updates made (what containers may run), for history lookups (rollback, causes). */
export function overrideSpecs(
  records: Readonly<Record<string, ServiceImageRecords>> | undefined,
): ServiceSpec[] {
  return Object.values(records ?? {}).flatMap((r) =>
    [r.applied?.spec, r.pending?.spec].filter((s) => s !== undefined),
  );
}
