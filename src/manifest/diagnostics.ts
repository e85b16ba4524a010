/**
 * Diagnostics: what the manifest module reports instead of throwing. Codes are stable and
 * documented in docs/manifest.md; messages may be reworded, codes may not.
 */

export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  severity: "error" | "warning";
  /** "services.api.ports[0]", or "" for the document as a whole. */
  path: string;
  message: string;
  hint?: string;
  code: string;
}

/** 1-based position in the manifest source. */
export interface Pos {
  line: number;
  col: number;
  /** The file it is in, when not the sink's own (Compose overrides, extends and include). */
  file?: string;
}

export const DOCUMENT_START: Pos = { line: 1, col: 1 };

export const DiagnosticCode = {
  fileUnreadable: "HW-MANIFEST-001",
  yamlSyntax: "HW-MANIFEST-002",
  duplicateKey: "HW-MANIFEST-003",
  multipleDocuments: "HW-MANIFEST-004",
  customTag: "HW-MANIFEST-005",
  limitExceeded: "HW-MANIFEST-006",
  interpolation: "HW-MANIFEST-007",
  version: "HW-MANIFEST-008",
  legacyVersion: "HW-MANIFEST-009",
  unknownKey: "HW-MANIFEST-010",
  foreignKey: "HW-MANIFEST-011",
  notSupportedYet: "HW-MANIFEST-012",
  missingKey: "HW-MANIFEST-013",
  wrongType: "HW-MANIFEST-014",
  invalidValue: "HW-MANIFEST-015",
  invalidName: "HW-MANIFEST-016",
  nameTooLong: "HW-MANIFEST-017",
  invalidImage: "HW-MANIFEST-020",
  digestRequired: "HW-MANIFEST-021",
  invalidPort: "HW-MANIFEST-030",
  portClash: "HW-MANIFEST-031",
  replicasFixedPort: "HW-MANIFEST-032",
  invalidVolume: "HW-MANIFEST-040",
  undeclaredVolume: "HW-MANIFEST-041",
  unsafeBind: "HW-MANIFEST-042",
  volumeFieldUnsupported: "HW-MANIFEST-043",
  undeclaredNetwork: "HW-MANIFEST-044",
  unknownDependency: "HW-MANIFEST-050",
  selfDependency: "HW-MANIFEST-051",
  dependencyCycle: "HW-MANIFEST-052",
  readyNeedsProbe: "HW-MANIFEST-053",
  invalidProbe: "HW-MANIFEST-060",
  probePortRequired: "HW-MANIFEST-061",
  legacyHealth: "HW-MANIFEST-062",
  invalidEnvKey: "HW-MANIFEST-070",
  literalCredential: "HW-MANIFEST-071",
  invalidSecretRef: "HW-MANIFEST-072",
  envSecretOverlap: "HW-MANIFEST-073",
  reservedLabel: "HW-MANIFEST-074",
  commandStringSplit: "HW-MANIFEST-080",
  restartRetries: "HW-MANIFEST-081",
  invalidCron: "HW-MANIFEST-090",
  invalidTimezone: "HW-MANIFEST-091",
  invalidPlacement: "HW-MANIFEST-100",
} as const;
export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

/** "FILE:LINE:COL: error: PATH: message" plus an indented hint line, like a compiler. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.col}: ${d.severity}: `;
  const head = d.path === "" ? `${where}${d.message}` : `${where}${d.path}: ${d.message}`;
  return d.hint === undefined ? head : `${head}\n  hint: ${d.hint}`;
}

/** By position; equal positions keep their discovery order (Array.prototype.sort is stable). */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.line - b.line || a.col - b.col);
}
