/**
 * `hostwright rollback SERVICE [--to REVISION|DIGEST]`: put one service back, on purpose, through
 * the normal apply flow (lock, plan, rolling update, readiness, automatic rollback).
 * - `--to DIGEST` (an auto-updated service): pin that digest as the service's resolved image; the
 *   digest it ran is remembered as rejected, so the daemon does not move back to it.
 * - `--to REVISION` (a stored desired revision, see `hostwright state revisions`): that revision's
 *   spec of the service becomes the project's new desired revision (the daemon follows it; the next
 *   `hostwright apply` of the manifest returns to the manifest).
 * - no `--to`: an auto-updated service goes back to its declared image; any other service to the
 *   newest revision whose spec of it differs from the current one.
 */
import { applyProject, storedDesired } from "../../apply/index.js";
import {
  canonicalJson,
  compareCodeUnits,
  containerName,
  type Desired,
  ExitCode,
  HwError,
  instanceId,
  parseDuration,
  type ServiceSpec,
  sha256Hex,
} from "../../core/index.js";
import { resolvedUpdate } from "../../daemon/image-update-records.js";
import { splitImage } from "../../images/index.js";
import { renderPlanText, restrictPlan } from "../../reconcile/index.js";
import { getProjectState, type ServiceImageUpdates, type Store, setProjectState } from "../../store/index.js";
import type { CliContext } from "../context.js";
import { desiredFromFileOrStore } from "../desired-source.js";

export interface RollbackOptions {
  to?: string;
  file?: string;
  project?: string;
  json?: boolean;
  lockTimeout?: string;
}

type Target =
  | { kind: "digest"; digest: string; tag: string; rec: ServiceImageUpdates; why: string }
  | { kind: "declared"; rec: ServiceImageUpdates; why: string }
  | { kind: "revision"; revision: number; spec: ServiceSpec; why: string };

const usage = (message: string, hint?: string) =>
  new HwError("HW-CLI-007", message, { exitCode: ExitCode.usage, ...(hint ? { hint } : {}) });

export async function rollbackCommand(
  service: string,
  opts: RollbackOptions,
  ctx: CliContext,
): Promise<number> {
  const lockTimeoutMs = parseDuration(opts.lockTimeout ?? "30s");
  if (lockTimeoutMs === undefined) throw usage(`--lock-timeout "${opts.lockTimeout}" is not a duration`);
  const store = ctx.store();
  const loaded = await desiredFromFileOrStore(opts, ctx);
  // The daemon follows the stored revision; roll back from it when it is this manifest's project.
  const base = storedDesired(store, loaded.project) ?? loaded;
  const spec = base.services.find((s) => s.name === service);
  if (!spec) throw usage(`project ${base.project} has no service ${service}`);
  const target = chooseTarget(store, base, spec, opts.to);

  let desired = base;
  const records = getProjectState(store, base.project, "imageUpdates") ?? {};
  if (target.kind === "revision") {
    desired = withServiceSpec(base, target.spec);
    delete records[service];
  } else {
    const rec = target.rec;
    const now = new Date().toISOString();
    // What runs now is rejected on purpose: the daemon must not move straight back to it.
    const running = rec.applied;
    if (running && !rec.failed.some((f) => f.digest === running.digest))
      rec.failed.push({ digest: running.digest, image: running.image, at: now });
    delete rec.pending;
    if (target.kind === "digest") {
      rec.applied = resolvedUpdate(spec, { tag: target.tag, digest: target.digest }, now);
      rec.failed = rec.failed.filter((f) => f.digest !== target.digest);
    } else delete rec.applied;
    records[service] = rec;
  }
  setProjectState(store, base.project, "imageUpdates", records);
  const text = !opts.json;
  if (text) ctx.output.out(`Rolling ${service} back: ${target.why}`);
  const outcome = await applyProject(desired, {
    store,
    runtime: await ctx.runtime(),
    env: ctx.env,
    parallelism: 4,
    lockTimeoutMs,
    purpose: "operator",
    // Only this service moves; anything else drifted is left to a plain apply.
    restrict: (plan) => restrictPlan(plan, new Set([service])),
    ...(text ? { onPlan: (plan) => ctx.output.out(renderPlanText(plan).trimEnd()) } : {}),
  });
  const ok = outcome.kind === "converged" || (outcome.kind === "applied" && outcome.result.ok);
  if (opts.json) {
    ctx.output.json({
      project: base.project,
      service,
      target:
        target.kind === "revision"
          ? { revision: target.revision }
          : target.kind === "digest"
            ? { digest: target.digest, tag: target.tag }
            : { declared: spec.image },
      ok,
      outcome: outcome.kind,
      ...(outcome.kind === "applied"
        ? { failedServices: outcome.result.failedServices, rollbacks: outcome.rollbacks }
        : {}),
    });
  } else
    ctx.output.out(
      ok ? `${service} rolled back.` : `rolling ${service} back failed (see \`hostwright events\`).`,
    );
  return ok ? ExitCode.ok : ExitCode.failure;
}

function chooseTarget(store: Store, desired: Desired, spec: ServiceSpec, to: string | undefined): Target {
  const recs = getProjectState(store, desired.project, "imageUpdates");
  const prior = recs?.[spec.name];
  const rec: ServiceImageUpdates =
    prior && prior.declaredImage === spec.image
      ? structuredClone(prior)
      : { declaredImage: spec.image, failed: [] };
  const revisions = store.desiredHistory(desired.project, 1000);
  if (to === undefined) {
    if (rec.applied && spec.autoUpdate)
      return {
        kind: "declared",
        rec,
        why: `from the auto-update ${rec.applied.image} to the declared ${spec.image}`,
      };
    for (const r of revisions) {
      const s = servicesOf(r.canonical).find((x) => x.name === spec.name);
      if (s && s.specHash !== spec.specHash)
        return {
          kind: "revision",
          revision: r.revision,
          spec: s,
          why: `to its spec of revision ${r.revision} (image ${s.image})`,
        };
    }
    throw usage(
      `no earlier revision of ${spec.name} is stored`,
      "`hostwright state revisions` lists what is stored",
    );
  }
  if (/^\d+$/.test(to)) {
    const r = revisions.find((x) => x.revision === Number(to));
    if (!r)
      throw usage(
        `revision ${to} of project ${desired.project} is not stored`,
        "`hostwright events` and `hostwright state` show what is stored",
      );
    const s = servicesOf(r.canonical).find((x) => x.name === spec.name);
    if (!s) throw usage(`revision ${to} has no service ${spec.name}`);
    return {
      kind: "revision",
      revision: r.revision,
      spec: s,
      why: `to its spec of revision ${to} (image ${s.image})`,
    };
  }
  const wanted = to.startsWith("sha256:") ? to : `sha256:${to}`;
  if (!/^sha256:[0-9a-f]{12,64}$/.test(wanted))
    throw usage(
      `--to "${to}" is neither a revision number nor a digest`,
      "e.g. --to 3 or --to sha256:0123456789ab",
    );
  const known = [
    ...(rec.applied ? [{ digest: rec.applied.digest, tag: rec.applied.tag }] : []),
    ...rec.failed.map((f) => ({ digest: f.digest, tag: splitImage(f.image).tag ?? "latest" })),
    ...(rec.baselineDigest
      ? [{ digest: rec.baselineDigest, tag: splitImage(spec.image).tag ?? "latest" }]
      : []),
  ];
  const hit = known.find((k) => k.digest.startsWith(wanted));
  if (hit && spec.autoUpdate) {
    if (rec.baselineDigest === hit.digest && !splitImage(spec.image).digest)
      return { kind: "declared", rec, why: `to the declared ${spec.image} (${hit.digest.slice(0, 19)})` };
    return {
      kind: "digest",
      digest: hit.digest,
      tag: hit.tag,
      rec,
      why: `to ${hit.tag}@${hit.digest.slice(0, 19)}`,
    };
  }
  for (const r of revisions) {
    const s = servicesOf(r.canonical).find((x) => x.name === spec.name);
    const d = s ? splitImage(s.image).digest : undefined;
    if (s && d?.startsWith(wanted))
      return {
        kind: "revision",
        revision: r.revision,
        spec: s,
        why: `to revision ${r.revision} (image ${s.image})`,
      };
  }
  throw usage(
    `no stored image of ${spec.name} has digest ${to}`,
    known.length > 0
      ? `known: ${known.map((k) => `${k.tag}@${k.digest.slice(0, 19)}`).join(", ")}`
      : "only images an auto-update resolved or a revision pinned are known",
  );
}

function servicesOf(canonical: string): ServiceSpec[] {
  try {
    return (JSON.parse(canonical) as { services?: ServiceSpec[] }).services ?? [];
  } catch {
    return [];
  }
}

/** The desired state with one service's spec replaced, canonical and hash recomputed (a new revision). */
function withServiceSpec(desired: Desired, spec: ServiceSpec): Desired {
  const services = desired.services.map((s) => (s.name === spec.name ? spec : s));
  const sample = desired.instances.find((i) => i.service === spec.name) ?? desired.instances[0];
  const instances = [
    ...desired.instances.filter((i) => i.service !== spec.name),
    ...Array.from({ length: spec.replicas }, (_, k) => ({
      project: desired.project,
      service: spec.name,
      index: k + 1,
      id: instanceId(desired.project, spec.name, k + 1),
      name: containerName(desired.project, spec.name, k + 1),
      spec,
      ...(sample?.runtimeNames ? { runtimeNames: sample.runtimeNames } : {}),
    })),
  ].sort((a, b) => compareCodeUnits(a.service, b.service) || a.index - b.index);
  const { canonical: _c, hash: _h, sourcePath, ...rest } = desired;
  const state = { ...rest, services, instances };
  const canonical = canonicalJson(state);
  return { ...state, sourcePath, canonical, hash: sha256Hex(canonical) };
}
