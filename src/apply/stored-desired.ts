import type { Desired } from "../core/index.js";
import type { Store } from "../store/index.js";

/** The desired state last applied for a project, rebuilt from its stored canonical form. */
export function storedDesired(store: Store, project: string): Desired | undefined {
  const rev = store.latestDesired(project);
  if (!rev) return undefined;
  const stored = JSON.parse(rev.canonical) as Omit<Desired, "canonical" | "hash" | "sourcePath">;
  return { ...stored, canonical: rev.canonical, hash: rev.hash, sourcePath: rev.sourcePath };
}
