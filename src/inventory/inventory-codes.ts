import type { Diagnostic, Pos } from "../manifest/diagnostics.js";

/**
 * Diagnostic codes of the inventory layout (project.yaml + hosts/<node>/services.yaml). What is
 * inside the files is checked by the manifest checkers and keeps their HW-MANIFEST codes.
 * Codes are stable and documented in docs/runtimes.md; messages may be reworded.
 */
export const InventoryCode = {
  projectFileMissing: "HW-INVENTORY-001",
  hostsMissing: "HW-INVENTORY-002",
  hostEntryNotFolder: "HW-INVENTORY-003",
  invalidNodeName: "HW-INVENTORY-004",
  nodeWithoutServices: "HW-INVENTORY-005",
  duplicateService: "HW-INVENTORY-006",
  misplacedKey: "HW-INVENTORY-007",
  placementNodesInHost: "HW-INVENTORY-008",
  noServices: "HW-INVENTORY-009",
  servicesFileUnreadable: "HW-INVENTORY-010",
} as const;
export type InventoryCode = (typeof InventoryCode)[keyof typeof InventoryCode];

/** A diagnostic with one of these codes, at a file's position (the loader's own reports). */
export const diagnosticAt = (
  file: string,
  pos: Pos,
  severity: Diagnostic["severity"],
  code: InventoryCode,
  path: string,
  message: string,
  hint?: string,
): Diagnostic => ({
  file,
  line: pos.line,
  col: pos.col,
  severity,
  path,
  message,
  ...(hint ? { hint } : {}),
  code,
});
