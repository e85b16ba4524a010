/**
 * Gives each built service its image tag and per-file context hashes, then recomputes the
 * hashes. The resolver (runtime/build resolveBuild) reads the context: it is injected so this
 * module stays free of runtime code, and parsing itself stays pure.
 */
import type { BuildSpec, Desired, ServiceSpec } from "../core/index.js";
import { buildDesired } from "./build-desired.js";
import { type Diagnostic, DiagnosticCode } from "./diagnostics.js";
import type { ManifestDraft, ServiceDraft } from "./drafts.js";
import type { ManifestResult } from "./parse-manifest.js";

export type BuildResolver = (
  project: string,
  service: string,
  build: BuildSpec,
) => Promise<{ image: string; build: BuildSpec }>;

export async function resolveBuilds(result: ManifestResult, resolve: BuildResolver): Promise<ManifestResult> {
  if (!result.ok || !result.desired.services.some((s) => s.build)) return result;
  const { desired } = result;
  const problems: Diagnostic[] = [];
  const specs: Omit<ServiceSpec, "specHash">[] = [];
  for (const { specHash: _, ...spec } of desired.services) {
    if (!spec.build) {
      specs.push(spec);
      continue;
    }
    try {
      const built = await resolve(desired.project, spec.name, spec.build);
      specs.push({ ...spec, image: built.image, build: built.build });
    } catch (err) {
      problems.push({
        file: desired.sourcePath,
        line: 1,
        col: 1,
        severity: "error",
        path: `services.${spec.name}.build`,
        message: `cannot read the build context ${spec.build.context}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        hint: "the context is a directory relative to the manifest",
        code: DiagnosticCode.fileUnreadable,
      });
    }
  }
  if (problems.length > 0) return { ok: false, diagnostics: [...result.diagnostics, ...problems] };
  return { ok: true, desired: rebuild(desired, specs), diagnostics: result.diagnostics };
}

function rebuild(desired: Desired, specs: Omit<ServiceSpec, "specHash">[]): Desired {
  const draft: ManifestDraft = {
    project: desired.project,
    version: desired.version,
    imagePolicy: desired.imagePolicy,
    volumes: desired.volumes,
    ...(desired.networks && { networks: desired.networks }),
    // buildDesired reads only `spec` of each service draft.
    services: specs.map((spec) => ({ name: spec.name, spec }) as ServiceDraft),
    reconcile: desired.reconcile,
  };
  return buildDesired(draft, desired.sourcePath);
}
