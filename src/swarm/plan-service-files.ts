/**
 * The files: half of a swarm plan: the content-addressed secrets/configs the declared services
 * need (planFileObjects decides create / keep / remove / blocked), the ID-less ContainerSpec
 * references each service body is hashed with, and the create bodies the executor sends. Pure.
 */
import { compareCodeUnits, type Desired, type ServiceSpec } from "../core/index.js";
import { swarmFileCreates, swarmFileReferences } from "../runtime/swarm/swarm-file-objects.js";
import { type ObservedFileObject, planFileObjects } from "./plan-file-objects.js";
import type { SwarmBlock, SwarmOp } from "./swarm-plan-types.js";

/** service → declared file name → content (resolved by the flow; never logged). */
export type SwarmFileContent = ReadonlyMap<string, ReadonlyMap<string, Uint8Array>>;

export interface SwarmFilesPlan {
  ops: SwarmOp[];
  /** Per service: a wanted name held by an object not provably ours. */
  blocked: SwarmBlock[];
  blockedServices: Set<string>;
  fileCreates: Record<string, { Name: string; Labels: Record<string, string>; Data: string }>;
  fileIds: Record<string, string>;
  /** The ID-less references of a service (hash and body; the executor fills the IDs in). */
  refsFor(
    s: ServiceSpec,
  ): { Secrets: Record<string, unknown>[]; Configs: Record<string, unknown>[] } | undefined;
}

const NO_CONTENT: ReadonlyMap<string, Uint8Array> = new Map();

export function planServiceFiles(
  desired: Desired,
  ownerId: string,
  content: SwarmFileContent,
  observed: readonly ObservedFileObject[],
  recorded: (kind: "secret" | "config", name: string) => boolean,
): SwarmFilesPlan {
  const project = desired.project;
  const wanted = new Map<
    string,
    { kind: "secret" | "config"; name: string; declared: string; services: string[] }
  >();
  const fileCreates: SwarmFilesPlan["fileCreates"] = {};
  for (const s of desired.services) {
    if (!s.files?.length) continue;
    for (const c of swarmFileCreates(project, ownerId, s.files, content.get(s.name) ?? NO_CONTENT)) {
      const key = `${c.kind}:${c.name}`;
      const w = wanted.get(key) ?? { kind: c.kind, name: c.name, declared: c.declared, services: [] };
      w.services.push(s.name);
      wanted.set(key, w);
      fileCreates[c.name] = c.body;
    }
  }
  const fp = planFileObjects([...wanted.values()], observed, recorded);
  const ops: SwarmOp[] = [];
  const created = new Set<string>();
  for (const c of fp.create) {
    const w = wanted.get(`${c.kind}:${c.name}`);
    created.add(c.name);
    ops.push({
      kind: c.kind === "secret" ? "create-secret" : "create-config",
      name: c.name,
      declared: w?.declared ?? c.name,
      services: [...c.services].sort(compareCodeUnits),
    });
  }
  for (const o of fp.remove)
    ops.push({
      kind: o.kind === "secret" ? "remove-secret" : "remove-config",
      name: o.name,
      id: o.id,
      reason: { code: "unreferenced" },
    });
  const blocked: SwarmBlock[] = [];
  const blockedServices = new Set<string>();
  for (const b of fp.blocked)
    for (const service of b.services) {
      blockedServices.add(service);
      blocked.push({
        service,
        name: b.name,
        code: "not-owned",
        reason: `a swarm ${b.kind} named ${b.name} exists and is not owned by this project`,
        hint: `remove it (\`docker ${b.kind} rm ${b.name}\`) or choose another project name: hostwright never touches a ${b.kind} it cannot prove it created`,
      });
    }
  for (const name of Object.keys(fileCreates)) if (!created.has(name)) delete fileCreates[name];
  return {
    ops,
    blocked,
    blockedServices,
    fileCreates,
    fileIds: Object.fromEntries(fp.ids),
    refsFor: (s) =>
      s.files?.length
        ? swarmFileReferences(project, s.files, content.get(s.name) ?? NO_CONTENT, "for-hash")
        : undefined,
  };
}
