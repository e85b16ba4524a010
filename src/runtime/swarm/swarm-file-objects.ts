/**
 * A service's `files:` (kind secret/config) → the Swarm secrets/configs it needs and the
 * ContainerSpec references to them. Pure; the content is resolved by the caller (the same code the
 * docker path uses) and passed in as bytes.
 *
 * Swarm secrets and configs are immutable, so each object is content-addressed:
 * `<project>_<name>_<12 hex of sha256(content)>`. A content change is a new name, hence a new
 * reference in the service body, hence a changed body hash and an ordinary service update. The
 * content itself never leaves this module except as the base64 Data of the create body, which only
 * the executor sends to the manager: the plan-facing half (`name`, `kind`, `labels`) carries no
 * content.
 *
 * Wired by src/swarm/plan-service-files.ts (plan ops), execute-swarm-plan.ts (journal and store
 * records) and swarm-flows.ts (content and observation).
 */
import { createHash } from "node:crypto";
import { compareCodeUnits, type FileMount, Labels } from "../../core/index.js";

/** On secrets/configs: the declared file name (the runtime name also carries the hash). */
export const SWARM_FILE_LABEL = "dev.hostwright.file";
const HASH_HEX = 12;

export interface SwarmFileObject {
  kind: "secret" | "config";
  /** Runtime name, content-addressed. */
  name: string;
  /** Declared name under files:. */
  declared: string;
  labels: Record<string, string>;
}

export interface SwarmFileCreate extends SwarmFileObject {
  /** POST /secrets/create or /configs/create body; holds the content: never log or store it. */
  body: { Name: string; Labels: Record<string, string>; Data: string };
}

export function contentHash12(content: Uint8Array): string {
  return createHash("sha256").update(content).digest("hex").slice(0, HASH_HEX);
}

export function swarmFileObjectName(project: string, declared: string, content: Uint8Array): string {
  return `${project}_${declared}_${contentHash12(content)}`;
}

export function swarmFileLabels(project: string, ownerId: string, declared: string): Record<string, string> {
  return {
    [Labels.managed]: "true",
    [Labels.project]: project,
    [Labels.owner]: ownerId,
    [SWARM_FILE_LABEL]: declared,
  };
}

/** The objects a service needs, sorted by kind then runtime name (deterministic plans). */
export function swarmFileCreates(
  project: string,
  ownerId: string,
  files: readonly FileMount[],
  content: ReadonlyMap<string, Uint8Array>,
): SwarmFileCreate[] {
  const out = files.map((f): SwarmFileCreate => {
    const bytes = resolvedContent(f, content);
    const name = swarmFileObjectName(project, f.name, bytes);
    const labels = swarmFileLabels(project, ownerId, f.name);
    return {
      kind: f.kind,
      name,
      declared: f.name,
      labels,
      body: { Name: name, Labels: labels, Data: Buffer.from(bytes).toString("base64") },
    };
  });
  return out.sort((a, b) => compareCodeUnits(a.kind, b.kind) || compareCodeUnits(a.name, b.name));
}

function resolvedContent(f: FileMount, content: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const bytes = content.get(f.name);
  // A programming error (the caller resolves every file first), so it names only the file.
  if (bytes === undefined) throw new Error(`content of ${f.kind} ${f.name} was not resolved`);
  return bytes;
}

/**
 * ContainerSpec.Secrets / Configs. `ids` maps runtime name → object ID (known after observation
 * or create); "for-hash" leaves the IDs empty, because a plan hashes the body before the objects
 * it creates have IDs. The names carry the content hash, so a content change still changes the
 * body hash and updates the service.
 */
export function swarmFileReferences(
  project: string,
  files: readonly FileMount[],
  content: ReadonlyMap<string, Uint8Array>,
  ids: ReadonlyMap<string, string> | "for-hash",
): { Secrets: Record<string, unknown>[]; Configs: Record<string, unknown>[] } {
  const Secrets: Record<string, unknown>[] = [];
  const Configs: Record<string, unknown>[] = [];
  const sorted = [...files].sort((a, b) => compareCodeUnits(a.target, b.target));
  for (const f of sorted) {
    const name = swarmFileObjectName(project, f.name, resolvedContent(f, content));
    const id = ids === "for-hash" ? "" : ids.get(name);
    if (id === undefined) throw new Error(`swarm ${f.kind} ${name} has no id yet`);
    const ref = {
      [f.kind === "secret" ? "SecretID" : "ConfigID"]: id,
      [f.kind === "secret" ? "SecretName" : "ConfigName"]: name,
      File: { Name: f.target, UID: f.uid ?? "0", GID: f.gid ?? "0", Mode: f.mode ?? 0o444 },
    };
    (f.kind === "secret" ? Secrets : Configs).push(ref);
  }
  return { Secrets, Configs };
}

/**
 * Owned objects of the project no longer referenced by any wanted name: what to remove after the
 * service updates (and everything owned, in down). `owned` must already be proven ours.
 */
export function unreferencedFileObjects(
  owned: readonly { kind: "secret" | "config"; name: string }[],
  wanted: ReadonlySet<string>,
): { kind: "secret" | "config"; name: string }[] {
  return owned
    .filter((o) => !wanted.has(o.name))
    .sort((a, b) => compareCodeUnits(a.kind, b.kind) || compareCodeUnits(a.name, b.name));
}
