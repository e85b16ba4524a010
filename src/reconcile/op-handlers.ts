/** One handler per operation kind: each is a thin, idempotent call into the runtime. */
import { type EventType, HwError, type ImageInfo, Labels, RuntimeErrorCode, shortId } from "../core/index.js";
import { containerCreateSpec } from "./container-spec.js";
import type { ExecutorDeps } from "./executor.js";
import type { CreateOp, PlanOp } from "./plan-types.js";

export interface OpContext {
  deps: ExecutorDeps;
  project: string;
  /** container name → runtime id, filled by creates so later ops can address new containers. */
  runtimeIds: Map<string, string>;
  /** image reference → what the runtime reported for it in this run (one lookup per image). */
  images?: Map<string, Promise<ImageInfo | undefined>>;
}

export interface OpOutcome {
  message: string;
  runtimeId?: string;
  /** Event to record for this success, if it is worth one. */
  event?: EventType;
  /** Structured data for that event (never a secret). */
  data?: Record<string, unknown>;
}

const resourceLabels = (project: string, ownerId: string, resource: string) => ({
  [Labels.managed]: "true",
  [Labels.project]: project,
  [Labels.owner]: ownerId,
  [Labels.resource]: resource,
});

export async function runOperation(op: PlanOp, ctx: OpContext): Promise<OpOutcome> {
  const { runtime, journal } = ctx.deps;
  const owner = journal.ownerId;
  switch (op.kind) {
    case "ensure-network":
      if (op.network?.external) {
        // Used, never created or owned: the runtime only proves it exists.
        await runtime.ensureNetwork(op.name, {}, op.network);
        return { message: "external network present" };
      }
      journal.intendOwnership({ project: ctx.project, kind: "network", name: op.name });
      await unlessForeign(ctx, "network", op.name, () =>
        runtime.ensureNetwork(
          op.name,
          { ...op.network?.labels, ...resourceLabels(ctx.project, owner, op.network?.name ?? "default") },
          op.network,
        ),
      );
      afterCall(ctx, op);
      journal.confirmOwnership("network", op.name, { runtimeId: op.name });
      return { message: "network ready" };
    case "ensure-volume":
      if (op.spec?.external) {
        await runtime.ensureVolume(op.name, {}, op.spec);
        return { message: "external volume present" };
      }
      journal.intendOwnership({ project: ctx.project, kind: "volume", name: op.name });
      await unlessForeign(ctx, "volume", op.name, () =>
        runtime.ensureVolume(op.name, resourceLabels(ctx.project, owner, op.volume), op.spec),
      );
      afterCall(ctx, op);
      journal.confirmOwnership("volume", op.name, { runtimeId: op.name });
      return { message: "volume ready", event: "applied" };
    case "ensure-image": {
      if (op.build && runtime.build) {
        // A built image's tag is its inputs hash: absent means something changed, so build it.
        const built = await runtime.build(op.build, op.ref, (m) => ctx.deps.onPullProgress?.(op.ref, m));
        return { message: `built ${built.imageId.slice(0, 19)}` };
      }
      const info = await runtime.ensureImage(op.ref, {
        requireDigest: ctx.deps.requireDigest,
        ...(op.pull ? { pull: op.pull } : {}),
        onProgress: (m) => ctx.deps.onPullProgress?.(op.ref, m),
      });
      ctx.images?.set(op.ref, Promise.resolve(info));
      return { message: info.pulled ? `pulled ${info.id.slice(0, 19)}` : "present" };
    }
    case "create":
      return create(op, ctx);
    case "start": {
      const id = op.runtimeId ?? ctx.runtimeIds.get(op.name) ?? op.name;
      await runtime.start(id);
      afterCall(ctx, op);
      return { message: "started", runtimeId: id, event: "applied" };
    }
    case "await": {
      const id = op.runtimeId ?? ctx.runtimeIds.get(op.name) ?? op.name;
      await ctx.deps.awaitCondition(op, id);
      return { message: op.condition };
    }
    case "stop":
      requireOwned(ctx, op.name, op.runtimeId);
      await runtime.stop(op.runtimeId, op.graceMs);
      afterCall(ctx, op);
      return { message: "stopped" };
    case "remove":
      requireOwned(ctx, op.name, op.runtimeId);
      await runtime.remove(op.runtimeId);
      afterCall(ctx, op);
      journal.forgetOwnership("container", op.name);
      return { message: "removed", event: "cleaned" };
    case "rename": {
      requireOwned(ctx, op.name, op.runtimeId);
      if (!runtime.rename)
        throw new HwError(RuntimeErrorCode.unsupported, `runtime ${runtime.name} cannot rename containers`);
      // Record the temporary name first, so a crash between the two leaves a provable owner.
      journal.intendOwnership({
        project: ctx.project,
        kind: "container",
        name: op.to,
        ...(op.service ? { service: op.service } : {}),
      });
      await runtime.rename(op.runtimeId, op.to);
      afterCall(ctx, op);
      journal.confirmOwnership("container", op.to, { runtimeId: op.runtimeId });
      journal.forgetOwnership("container", op.name);
      return { message: `renamed to ${op.to}` };
    }
    case "remove-volume":
      await runtime.removeVolume(op.name);
      journal.forgetOwnership("volume", op.name);
      return { message: "volume removed", event: "cleaned" };
    case "remove-network":
      await runtime.removeNetwork(op.name);
      journal.forgetOwnership("network", op.name);
      return { message: "network removed", event: "cleaned" };
  }
}

async function create(op: CreateOp, ctx: OpContext): Promise<OpOutcome> {
  const { runtime, journal } = ctx.deps;
  const i = op.instance;
  // Ownership intent is durable BEFORE the create call: a crash right after the call still
  // leaves a record that proves the container (with our labels) is ours.
  journal.intendOwnership({
    project: i.project,
    kind: "container",
    name: i.name,
    service: i.service,
    instance: i.index,
    specHash: op.specHash,
  });
  const spec = containerCreateSpec(i, {
    specHash: op.specHash,
    ownerId: journal.ownerId,
    secretValues: ctx.deps.secretValues[i.service] ?? {},
  });
  try {
    const { id } = await runtime.create(spec);
    afterCall(ctx, op);
    journal.confirmOwnership("container", i.name, { runtimeId: id, specHash: op.specHash });
    ctx.runtimeIds.set(i.name, id);
    const image = await createdImage(ctx, i.spec.image);
    return {
      message: `created ${shortId(id)}${image?.digest ? ` from ${image.digest.slice(0, 19)}` : ""}`,
      runtimeId: id,
      // Which digest a container was created from, as data (ps/status show what runs now).
      ...(image
        ? {
            event: "applied" as const,
            data: {
              image: i.spec.image,
              imageId: image.id,
              ...(image.digest ? { imageDigest: image.digest } : {}),
            },
          }
        : {}),
    };
  } catch (err) {
    // An earlier, interrupted attempt may have created exactly this container: adopt it.
    if (err instanceof HwError && err.code === RuntimeErrorCode.conflict) {
      const existing = await runtime.inspect(i.name);
      if (
        existing &&
        existing.labels[Labels.owner] === journal.ownerId &&
        existing.labels[Labels.specHash] === op.specHash
      ) {
        journal.confirmOwnership("container", i.name, { runtimeId: existing.id, specHash: op.specHash });
        ctx.runtimeIds.set(i.name, existing.id);
        return {
          message: `adopted ${shortId(existing.id)} from an interrupted apply`,
          runtimeId: existing.id,
        };
      }
    }
    throw err;
  }
}

/** The image a create used, looked up once per reference per run (runtimes without imageInfo: unknown). */
function createdImage(ctx: OpContext, ref: string): Promise<ImageInfo | undefined> {
  const { runtime } = ctx.deps;
  const known = ctx.images?.get(ref);
  if (known !== undefined) return known;
  if (!runtime.imageInfo) return Promise.resolve(undefined);
  const lookup = runtime.imageInfo(ref).catch(() => undefined);
  ctx.images?.set(ref, lookup);
  return lookup;
}

/** Defence in depth: the planner only plans owned containers, but verify again before acting. */
function requireOwned(ctx: OpContext, name: string, runtimeId: string): void {
  const rec = ctx.deps.journal.ownership("container", name);
  if (!rec || (rec.runtimeId && rec.runtimeId !== runtimeId)) {
    throw new HwError(
      "HW-OWNER-001",
      `refusing to touch ${name}: no ownership record for ${shortId(runtimeId)}`,
      {
        hint: "hostwright only stops or removes containers it created (labels and a state-store record)",
      },
    );
  }
}

/** The runtime refused an existing resource that is not ours: the intent must not vouch for it. */
async function unlessForeign(
  ctx: OpContext,
  kind: "network" | "volume",
  name: string,
  call: () => Promise<void>,
): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (err instanceof HwError && err.code === RuntimeErrorCode.notOwned)
      ctx.deps.journal.forgetOwnership(kind, name);
    throw err;
  }
}

function afterCall(ctx: OpContext, op: PlanOp): void {
  ctx.deps.boundary?.(op, "after-call");
}
