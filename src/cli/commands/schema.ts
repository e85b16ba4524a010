import { manifestJsonSchema } from "../../manifest/index.js";
import type { Output } from "../output.js";

/** JSON Schema of hostwright.yaml, for editors (yaml-language-server) and CI linters. */
export function schemaCommand(output: Output): number {
  output.json(manifestJsonSchema());
  return 0;
}
