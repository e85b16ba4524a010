import { writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { discoverCompose, loadCompose, toNativeYaml } from "../../compose/index.js";
import { ExitCode } from "../../core/index.js";
import { formatDiagnostic } from "../../manifest/index.js";
import type { ComposeFlags } from "../compose-flags.js";
import { composeOptions, defaultManifestPath, loadAnyManifest } from "../load-desired.js";
import type { Output } from "../output.js";

/** `hostwright import`: Compose file(s) → the equivalent native manifest (same Desired, same plan). */
export async function importCommand(
  opts: { file?: string; output?: string; compose?: ComposeFlags },
  output: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const files =
    opts.compose?.files?.map((f) => resolve(f)) ??
    (opts.file ? [resolve(opts.file)] : discoverCompose(process.cwd()));
  if (files === undefined) {
    output.err("no compose.yaml here; pass -f FILE");
    return ExitCode.usage;
  }
  const result = loadCompose(files, composeOptions(env, opts.compose ?? {}));
  for (const d of result.diagnostics) output.err(formatDiagnostic(d));
  if (!result.ok || result.native === undefined) return ExitCode.invalidManifest;
  const text = toNativeYaml(result.native, files.join(", "), {
    projectDir: dirname(files[0] ?? "."),
    outputDir: opts.output ? dirname(resolve(opts.output)) : process.cwd(),
  });
  if (opts.output) await writeFile(resolve(opts.output), text, "utf8");
  else output.out(text.trimEnd());
  return ExitCode.ok;
}

/** `hostwright config`: the resolved model of whichever manifest would be used. */
export async function configCommand(
  opts: { file?: string; json?: boolean; compose?: ComposeFlags },
  output: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const result = await loadAnyManifest(resolve(opts.file ?? defaultManifestPath()), env, opts.compose);
  for (const d of result.diagnostics) output.err(formatDiagnostic(d));
  if (!result.ok) return ExitCode.invalidManifest;
  const { canonical: _c, ...desired } = result.desired;
  if (opts.json) output.json(desired);
  else output.out(JSON.stringify(desired, null, 2));
  return ExitCode.ok;
}
