import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type ComposeOptions, discoverCompose, isComposeText, loadCompose } from "../compose/index.js";
import { type Desired, ExitCode, HwError } from "../core/index.js";
import { isInventoryPath, loadInventory } from "../inventory/index.js";
import { formatDiagnostic, loadManifest, type ManifestResult, resolveBuilds } from "../manifest/index.js";
import { resolveBuild } from "../runtime/build/resolve-build.js";
import type { ComposeFlags } from "./compose-flags.js";
import type { Output } from "./output.js";

export const DEFAULT_MANIFEST = "hostwright.yaml";

/**
 * hostwright.yaml when present, else the Compose file docker compose would pick, else this
 * directory when it is an inventory (project.yaml), else hostwright.yaml.
 */
export function defaultManifestPath(): string {
  const native = resolve(DEFAULT_MANIFEST);
  if (existsSync(native)) return native;
  const compose = discoverCompose(process.cwd())?.[0];
  if (compose !== undefined) return compose;
  return existsSync(resolve("project.yaml")) ? process.cwd() : native;
}

/**
 * Native manifest or Compose file(s), by content: a file without a top-level `project` is Compose.
 * Compose flags (-p, --env-file, --profile, repeated -f) arrive typed in `compose`.
 */
export async function loadAnyManifest(
  path: string,
  env: NodeJS.ProcessEnv,
  compose: ComposeFlags = {},
): Promise<ManifestResult> {
  // Built services get their image tag from their build inputs (reads each context, no engine).
  return resolveBuilds(await readAnyManifest(path, env, compose), resolveBuild);
}

async function readAnyManifest(
  path: string,
  env: NodeJS.ProcessEnv,
  compose: ComposeFlags,
): Promise<ManifestResult> {
  // A directory is an inventory: DIR/project.yaml + DIR/hosts/<node>/services.yaml.
  if (isInventoryPath(path)) return loadInventory(path, { env });
  let text: string | undefined;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    text = undefined;
  }
  if (compose.files !== undefined && compose.files.length > 1)
    return loadCompose(
      compose.files.map((f) => resolve(f)),
      composeOptions(env, compose),
    );
  if (text === undefined || !isComposeText(text)) return loadManifest(path, { env });
  const discovered = discoverCompose(dirname(path));
  const files = discovered?.[0] === path ? discovered : [path];
  return loadCompose(files, composeOptions(env, compose));
}

export const composeOptions = (env: NodeJS.ProcessEnv, compose: ComposeFlags): ComposeOptions => ({
  env,
  ...(compose.projectName !== undefined && { projectName: compose.projectName }),
  ...(compose.envFiles !== undefined && { envFiles: compose.envFiles }),
  ...(compose.profiles !== undefined && { profiles: compose.profiles }),
});

/** Loads and validates the manifest; prints warnings; invalid → every diagnostic, then exit 65. */
export async function loadDesired(
  file: string | undefined,
  output: Output,
  env: NodeJS.ProcessEnv,
  compose: ComposeFlags = {},
): Promise<Desired> {
  const path = resolve(file ?? defaultManifestPath());
  const result = await loadAnyManifest(path, env, compose);
  for (const d of result.diagnostics) output.err(formatDiagnostic(d));
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    throw new HwError(
      "HW-MANIFEST-000",
      `${path}: ${errors} error${errors === 1 ? "" : "s"}; nothing was changed`,
      {
        exitCode: ExitCode.invalidManifest,
      },
    );
  }
  return result.desired;
}
