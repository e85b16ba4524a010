/**
 * Pure planning of a project's Swarm secrets/configs (for services' files:): which wanted objects
 * to create, which owned ones nothing references any more, and which names are taken by an object
 * we cannot prove is ours (labels AND a store record), which blocks the services that need it.
 * Content-addressed names mean an existing owned object is already right: there is no update.
 * Used by plan-service-files.ts.
 */
import { compareCodeUnits } from "../core/index.js";

export interface WantedFileObject {
  kind: "secret" | "config";
  name: string;
  /** Services that mount it. */
  services: readonly string[];
}

export interface ObservedFileObject {
  kind: "secret" | "config";
  name: string;
  id: string;
  /** Carries our project and owner labels. */
  labelled: boolean;
}

export interface FileObjectPlan {
  create: WantedFileObject[];
  /** Owned, unreferenced: removed after the service updates. */
  remove: ObservedFileObject[];
  /** Wanted names taken by an object not provably ours: the services are blocked. */
  blocked: { kind: "secret" | "config"; name: string; services: readonly string[] }[];
  /** Runtime name → id of the wanted objects that exist and are ours. */
  ids: Map<string, string>;
}

export function planFileObjects(
  wanted: readonly WantedFileObject[],
  observed: readonly ObservedFileObject[],
  recorded: (kind: "secret" | "config", name: string) => boolean,
): FileObjectPlan {
  const key = (o: { kind: string; name: string }) => `${o.kind}:${o.name}`;
  const byKey = new Map(observed.map((o) => [key(o), o]));
  const wantedKeys = new Set(wanted.map(key));
  const ours = (o: ObservedFileObject) => o.labelled && recorded(o.kind, o.name);
  const plan: FileObjectPlan = { create: [], remove: [], blocked: [], ids: new Map() };
  for (const w of wanted) {
    const o = byKey.get(key(w));
    if (!o) plan.create.push(w);
    else if (ours(o)) plan.ids.set(o.name, o.id);
    else plan.blocked.push({ kind: w.kind, name: w.name, services: w.services });
  }
  for (const o of observed) if (!wantedKeys.has(key(o)) && ours(o)) plan.remove.push(o);
  const order = (a: { kind: string; name: string }, b: { kind: string; name: string }) =>
    compareCodeUnits(a.kind, b.kind) || compareCodeUnits(a.name, b.name);
  plan.create.sort(order);
  plan.remove.sort(order);
  plan.blocked.sort(order);
  return plan;
}
