// `npm run build` step: tsc compiles only .ts, so the dashboard's page (HTML, CSS, plain JS
// modules in src/dashboard/assets/) is copied next to the compiled dashboard in dist/.
import { cpSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const from = join(root, "src/dashboard/assets");
const to = join(root, "dist/dashboard/assets");
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from)) {
  if (!/\.(html|css|js)$/.test(name)) continue;
  cpSync(join(from, name), join(to, name));
}
