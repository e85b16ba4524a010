import Table from "cli-table3";
import { ownershipView } from "../../apply/index.js";
import { compareNatural, ExitCode, Labels, shortId } from "../../core/index.js";
import { containerProvenance } from "../../reconcile/index.js";
import type { CliContext } from "../context.js";
import { desiredFromFileOrStore } from "../desired-source.js";

export interface PsOptions {
  file?: string;
  project?: string;
  json?: boolean;
}

/** Owned containers of the project, by service (like `docker ps`, but only what we own). */
export async function psCommand(opts: PsOptions, ctx: CliContext): Promise<number> {
  const project = opts.project ?? (await desiredFromFileOrStore(opts, ctx)).project;
  const store = ctx.store();
  const observed = await (await ctx.runtime()).observe(project);
  const view = ownershipView(store, project);
  const rows = observed.containers
    .filter((c) => containerProvenance(c, project, view).owned)
    .sort((a, b) => compareNatural(a.name, b.name))
    .map((c) => ({
      name: c.name,
      service: c.labels[Labels.service] ?? "",
      id: shortId(c.id),
      state: c.state === "exited" ? `exited(${c.exitCode ?? "?"})` : c.state,
      image: c.image,
      imageId: c.imageId ?? null,
      imageDigest: c.imageDigest ?? null,
      ports: c.ports.map((p) => `${p.hostIP}:${p.host}->${p.container}/${p.protocol}`).join(", "),
      startedAt: c.startedAt ?? "",
    }));
  if (opts.json) {
    ctx.output.json(rows);
    return ExitCode.ok;
  }
  const table = new Table({
    head: ["NAME", "SERVICE", "ID", "STATE", "IMAGE", "DIGEST", "PORTS"],
    chars: {
      top: "",
      "top-mid": "",
      "top-left": "",
      "top-right": "",
      bottom: "",
      "bottom-mid": "",
      "bottom-left": "",
      "bottom-right": "",
      left: "",
      "left-mid": "",
      mid: "",
      "mid-mid": "",
      right: "",
      "right-mid": "",
      middle: "  ",
    },
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
  });
  for (const r of rows) {
    table.push([r.name, r.service, r.id, r.state, r.image, shortDigest(r.imageDigest), r.ports]);
  }
  ctx.output.out(
    rows.length ? table.toString() : `No containers owned by hostwright for project ${project}.`,
  );
  return ExitCode.ok;
}

/** "sha256:" and 12 hex digits, as docker prints ids; "-" for a locally built or loaded image. */
function shortDigest(digest: string | null): string {
  return digest ? digest.slice(0, "sha256:".length + 12) : "-";
}
