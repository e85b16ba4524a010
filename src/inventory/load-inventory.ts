import { statSync } from "node:fs";
import type { ManifestResult } from "../manifest/parse-manifest.js";
import { type ParseInventoryOptions, parseInventory } from "./parse-inventory.js";
import { readInventory } from "./read-inventory.js";

/** `-f DIR`: a directory is read as an inventory (DIR/project.yaml + DIR/hosts/<node>/services.yaml). */
export function isInventoryPath(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Read and check an inventory; never throws on bad input (problems are diagnostics). */
export function loadInventory(dir: string, opts: ParseInventoryOptions): ManifestResult {
  return parseInventory(readInventory(dir), opts);
}
