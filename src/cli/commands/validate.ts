import { resolve } from "node:path";
import { ExitCode, formatDuration } from "../../core/index.js";
import { formatDiagnostic } from "../../manifest/index.js";
import type { ComposeFlags } from "../compose-flags.js";
import { defaultManifestPath, loadAnyManifest } from "../load-desired.js";
import type { Output } from "../output.js";

export interface ValidateOptions {
  file?: string;
  json?: boolean;
  compose?: ComposeFlags;
}

/** Exit 0 valid (warnings on stderr), 65 invalid with every problem and its position. */
export async function validateCommand(
  opts: ValidateOptions,
  output: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const path = resolve(opts.file ?? defaultManifestPath());
  const result = await loadAnyManifest(path, env, opts.compose);
  if (opts.json) {
    output.json({
      file: path,
      valid: result.ok,
      diagnostics: result.diagnostics,
      ...(result.ok
        ? {
            project: result.desired.project,
            hash: result.desired.hash,
            services: result.desired.services.map((s) => ({
              name: s.name,
              image: s.image,
              replicas: s.replicas,
              specHash: s.specHash,
            })),
          }
        : {}),
    });
    return result.ok ? ExitCode.ok : ExitCode.invalidManifest;
  }
  for (const d of result.diagnostics) output.err(formatDiagnostic(d));
  if (!result.ok) {
    const n = result.diagnostics.filter((d) => d.severity === "error").length;
    output.err(`${path}: ${n} error${n === 1 ? "" : "s"}`);
    return ExitCode.invalidManifest;
  }
  const d = result.desired;
  const volumes = Object.keys(d.volumes).length;
  output.out(
    `${path}: valid. Project ${d.project}${d.version === "legacy" ? " (legacy, versionless)" : ""}: ` +
      `${d.services.length} service(s), ${d.instances.length} instance(s), ${volumes} volume(s); mode ${d.reconcile.mode}, resync ${formatDuration(d.reconcile.resyncMs)}.`,
  );
  for (const s of d.services) {
    const ports = s.ports.map((p) => `${p.hostIP}:${p.host ?? "*"}->${p.container}/${p.protocol}`).join(", ");
    const deps = Object.entries(s.dependsOn)
      .map(([n, c]) => `${n}(${c})`)
      .join(", ");
    output.out(
      `  ${s.name.padEnd(16)} ${s.image}  replicas=${s.replicas}${ports ? `  ports=${ports}` : ""}${deps ? `  after=${deps}` : ""}  spec=${s.specHash.slice(0, 12)}`,
    );
  }
  return ExitCode.ok;
}
