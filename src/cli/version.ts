import { readFileSync } from "node:fs";

/** Read once from package.json so `--version` can never drift from the package. */
export function hostwrightVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}
