/**
 * Engine API calls for Swarm secrets and configs (the objects behind a service's files:). Listing
 * is two calls per kind whatever the number of objects: by `<project>_` name prefix (ours and
 * clashes) and by project label. A create body holds the content: errors name only the object.
 */
import { Labels } from "../../core/index.js";
import { type EngineClient, filtersParam } from "../docker/index.js";

export type SwarmFileKind = "secret" | "config";

export interface RawFileObject {
  ID: string;
  Version: { Index: number };
  Spec: { Name: string; Labels?: Record<string, string> };
}

const PATH: Record<SwarmFileKind, string> = { secret: "/secrets", config: "/configs" };

export async function listFileObjects(
  client: EngineClient,
  kind: SwarmFileKind,
  project: string,
): Promise<RawFileObject[]> {
  const [byName, byLabel] = await Promise.all([
    client.json<RawFileObject[]>({
      path: PATH[kind],
      query: { filters: filtersParam({ name: [`${project}_`] }) },
      what: `list swarm ${kind}s`,
    }),
    client.json<RawFileObject[]>({
      path: PATH[kind],
      query: { filters: filtersParam({ label: [`${Labels.project}=${project}`] }) },
      what: `list swarm ${kind}s`,
    }),
  ]);
  const seen = new Map<string, RawFileObject>();
  for (const o of byName) if (o.Spec.Name.startsWith(`${project}_`)) seen.set(o.ID, o);
  for (const o of byLabel) seen.set(o.ID, o);
  return [...seen.values()];
}

export async function createFileObject(
  client: EngineClient,
  kind: SwarmFileKind,
  body: { Name: string; Labels: Record<string, string>; Data: string },
): Promise<string> {
  const r = await client.json<{ ID: string }>({
    method: "POST",
    path: `${PATH[kind]}/create`,
    body,
    what: `create swarm ${kind} ${body.Name}`,
  });
  return r.ID;
}

/** Removing one that is already gone succeeds. */
export async function removeFileObject(client: EngineClient, kind: SwarmFileKind, id: string): Promise<void> {
  await client.call({
    method: "DELETE",
    path: `${PATH[kind]}/${encodeURIComponent(id)}`,
    accept: [404],
    what: `remove swarm ${kind} ${id}`,
  });
}
