/**
 * `hostwright update --check`: for every service with `autoUpdate`, ask the registry what its
 * policy resolves to and say whether an update is available. Read-only: it changes nothing in the
 * engine or the store (like podman auto-update --dry-run); the daemon applies updates.
 */
import { ExitCode, HwError, type ServiceSpec } from "../../core/index.js";
import { tagRegistry } from "../../daemon/image-registry.js";
import { type ResolvedCheck, resolveUpdate, shortDigest } from "../../images/index.js";
import { getProjectState, type ServiceImageUpdates } from "../../store/index.js";
import type { CliContext } from "../context.js";
import { desiredFromFileOrStore } from "../desired-source.js";

export interface UpdateOptions {
  check?: boolean;
  file?: string;
  project?: string;
  json?: boolean;
}

export interface UpdateCheckRow {
  service: string;
  policy: string;
  declared: string;
  /** What the service runs now as far as the store knows: the applied update, else the declared image. */
  running: string;
  status: "available" | "up-to-date" | "failed-before" | "pending" | "unknown" | "error";
  candidate?: { tag: string; digest: string };
  detail: string;
}

export async function updateCommand(opts: UpdateOptions, ctx: CliContext): Promise<number> {
  if (!opts.check) {
    throw new HwError("HW-CLI-006", "`hostwright update` only checks: pass --check", {
      exitCode: ExitCode.usage,
      hint: "the daemon applies updates of services with autoUpdate; `hostwright rollback SERVICE` goes back",
    });
  }
  const desired = await desiredFromFileOrStore(opts, ctx);
  const records = getProjectState(ctx.store(), desired.project, "imageUpdates") ?? {};
  const registry = tagRegistry(ctx.env);
  const rows: UpdateCheckRow[] = [];
  for (const spec of desired.services.filter((s) => s.autoUpdate)) {
    rows.push(await checkRow(spec, records[spec.name], registry));
  }
  if (opts.json) {
    ctx.output.json({ project: desired.project, services: rows });
  } else if (rows.length === 0) {
    ctx.output.out(`Project ${desired.project}: no service has autoUpdate.`);
  } else {
    ctx.output.out(`Project ${desired.project}: image updates (nothing was changed)`);
    for (const r of rows) ctx.output.out(`  ${r.service.padEnd(16)} ${r.status.padEnd(13)} ${r.detail}`);
  }
  return rows.some((r) => r.status === "error") ? ExitCode.failure : ExitCode.ok;
}

async function checkRow(
  spec: ServiceSpec,
  rec: ServiceImageUpdates | undefined,
  registry: ReturnType<typeof tagRegistry>,
): Promise<UpdateCheckRow> {
  const current = rec && rec.declaredImage === spec.image ? rec : undefined;
  const policy = spec.autoUpdate!.policy;
  const base = {
    service: spec.name,
    policy,
    declared: spec.image,
    running: current?.applied?.image ?? spec.image,
  };
  let verdict: ResolvedCheck;
  try {
    verdict = await resolveUpdate(
      spec,
      {
        ...(current?.applied ? { applied: current.applied } : {}),
        ...(current?.baselineDigest ? { baselineDigest: current.baselineDigest } : {}),
        failed: current?.failed ?? [],
      },
      registry,
    );
  } catch (err) {
    return { ...base, status: "error", detail: err instanceof Error ? err.message : String(err) };
  }
  if (verdict.kind === "no-tag") return { ...base, status: "unknown", detail: verdict.reason };
  const candidate = { tag: verdict.tag, digest: verdict.digest };
  const at = `${verdict.tag} (${shortDigest(verdict.digest)})`;
  if (current?.pending?.digest === verdict.digest)
    return {
      ...base,
      status: "pending",
      candidate,
      detail: `${policy}: ${at} is being applied by the daemon`,
    };
  switch (verdict.kind) {
    case "baseline":
      return {
        ...base,
        status: "up-to-date",
        candidate,
        detail: `${policy}: ${at}; the daemon has not looked yet, so it takes this digest as what runs`,
      };
    case "current":
      return { ...base, status: "up-to-date", candidate, detail: `${policy}: runs ${at}` };
    case "failed-before":
      return {
        ...base,
        status: "failed-before",
        candidate,
        detail: `${policy}: ${at} failed and was rolled back; not retried until a newer image appears`,
      };
    case "available": {
      const from = `${verdict.from.tag}${verdict.from.digest ? ` (${shortDigest(verdict.from.digest)})` : ""}`;
      return { ...base, status: "available", candidate, detail: `${policy}: ${from} → ${at}` };
    }
  }
}
