import { readFile } from "node:fs/promises";
import path from "node:path";
import { DiagnosticCode } from "./diagnostics.js";
import { parseDotenv } from "./dotenv.js";
import { type ManifestResult, parseManifest } from "./parse-manifest.js";

/**
 * Read the manifest (and the `.env` beside it, when there is one) and parse it. An unreadable
 * manifest is a diagnostic like any other, so the CLI has one way to report problems.
 */
export async function loadManifest(
  file: string,
  opts: { env?: Record<string, string | undefined> } = {},
): Promise<ManifestResult> {
  let source: string;
  try {
    source = await readFile(file, "utf8");
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? "error";
    const message =
      reason === "ENOENT"
        ? `cannot read manifest: no such file`
        : reason === "EISDIR"
          ? "cannot read manifest: it is a directory"
          : `cannot read manifest (${reason})`;
    return {
      ok: false,
      diagnostics: [
        {
          file,
          line: 1,
          col: 1,
          severity: "error",
          path: "",
          message,
          hint: "run hostwright where hostwright.yaml is, or pass the manifest's path",
          code: DiagnosticCode.fileUnreadable,
        },
      ],
    };
  }
  const dotenv = await readDotenv(path.join(path.dirname(file), ".env"));
  return parseManifest(source, { file, env: opts.env ?? process.env, ...(dotenv && { dotenv }) });
}

/** `.env` is optional; a missing or unreadable one simply contributes no variables. */
async function readDotenv(file: string): Promise<Record<string, string> | undefined> {
  try {
    return parseDotenv(await readFile(file, "utf8"));
  } catch {
    return undefined;
  }
}
