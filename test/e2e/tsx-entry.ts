import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** Node arguments that run the CLI from source (tsx) whatever the child's working directory. */
const REPO = resolve(import.meta.dirname, "../..");
export const CLI_NODE_ARGS = [
  "--import",
  pathToFileURL(join(REPO, "node_modules/tsx/dist/loader.mjs")).href,
  join(REPO, "src/cli/main.ts"),
];
