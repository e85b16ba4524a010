/**
 * Gives a built service its deterministic image tag: `<project>-<service>:hw-<inputsHash12>`.
 * "Unchanged" is then just "an image with that tag exists" (one observe, no tar, no build),
 * and the per-file hashes let a plan name what changed. Reads the context (I/O): readers call it.
 */
import type { BuildSpec } from "../../core/index.js";
import { buildInputsHash, readContext } from "./build-context.js";

export async function resolveBuild(
  project: string,
  service: string,
  build: BuildSpec,
): Promise<{ image: string; build: BuildSpec }> {
  const files = await readContext(build);
  const contextFiles: Record<string, string> = {};
  for (const f of files) contextFiles[f.path] = f.sha256;
  const hash = buildInputsHash(build, files);
  return { image: `${project}-${service}:hw-${hash.slice(0, 12)}`, build: { ...build, contextFiles } };
}
