/** The manifest module: hostwright.yaml → validated Desired, diagnostics with line:col, JSON Schema. */
export { urlProblem as notifyUrlProblem } from "./check-notify.js";
export type { Diagnostic } from "./diagnostics.js";
export { DiagnosticCode, formatDiagnostic } from "./diagnostics.js";
export { parseDotenv } from "./dotenv.js";
export { manifestJsonSchema } from "./json-schema.js";
export { loadManifest } from "./load-manifest.js";
export { type ManifestResult, type ParseManifestOptions, parseManifest } from "./parse-manifest.js";
export { type BuildResolver, resolveBuilds } from "./resolve-builds.js";
export { computeSpecHash, SPEC_HASH_SCHEMA_VERSION } from "./spec-hash.js";
