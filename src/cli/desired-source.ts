import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { storedDesired } from "../apply/index.js";
import { type Desired, ExitCode, HwError } from "../core/index.js";
import type { CliContext } from "./context.js";
import { DEFAULT_MANIFEST, defaultManifestPath, loadDesired } from "./load-desired.js";

/** The manifest when given or present, else the last desired state applied for --project. */
export async function desiredFromFileOrStore(
  opts: { file?: string; project?: string },
  ctx: CliContext,
): Promise<Desired> {
  const path = resolve(opts.file ?? defaultManifestPath());
  if (opts.file || (!opts.project && existsSync(path)))
    return loadDesired(path, ctx.output, ctx.env, ctx.compose);
  if (opts.project) {
    const stored = storedDesired(ctx.store(), opts.project);
    if (stored) return stored;
    throw new HwError("HW-CLI-004", `project ${opts.project} has never been applied with this state store`, {
      exitCode: ExitCode.usage,
    });
  }
  throw new HwError("HW-CLI-003", `no ${DEFAULT_MANIFEST} here and no --project given`, {
    exitCode: ExitCode.usage,
    hint: "use -f FILE or --project NAME",
  });
}
