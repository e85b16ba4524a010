import { resolve } from "node:path";
import { type Desired, ExitCode, HwError } from "../core/index.js";
import { formatDiagnostic, loadManifest } from "../manifest/index.js";
import type { Output } from "./output.js";

export const DEFAULT_MANIFEST = "hostwright.yaml";

/** Loads and validates the manifest; prints warnings; invalid → every diagnostic, then exit 65. */
export async function loadDesired(
  file: string | undefined,
  output: Output,
  env: NodeJS.ProcessEnv,
): Promise<Desired> {
  const path = resolve(file ?? DEFAULT_MANIFEST);
  const result = await loadManifest(path, { env });
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
