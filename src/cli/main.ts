/**
 * Entry point. The only place in Hostwright that sets the process exit code or exits.
 */
import { ExitCode, isHwError } from "../core/index.js";
import { processOutput } from "./output.js";
import { buildProgram, CommanderError } from "./program.js";
import { renderError } from "./render-error.js";

async function main(argv: string[]): Promise<number> {
  const output = processOutput();
  const abort = new AbortController();
  process.once("SIGINT", () => abort.abort());
  process.once("SIGTERM", () => abort.abort());
  let code: number = ExitCode.ok;
  const program = buildProgram(
    output,
    process.env,
    (c) => {
      code = c;
    },
    abort.signal,
  );
  const json = argv.includes("--json");
  try {
    if (argv.length <= 2) {
      output.out(program.helpInformation());
      return ExitCode.usage;
    }
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit 0; anything else is a usage error (64).
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    renderError(err, output, json);
    return isHwError(err) ? err.exitCode : ExitCode.failure;
  }
}

// `hostwright … | head` closes our stdout early: that is the reader's choice, not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const code = await main(process.argv);
process.exitCode = code;
// Streams (logs --follow, events --follow) may hold the loop open after an abort; exit explicitly.
// Once our output is flushed, exit at once too: a natural exit first tears the whole heap down
// (≈ 20 ms at the end of every command, a tenth of a no-op apply).
const flushed = process.stdout.writableLength === 0 && process.stderr.writableLength === 0;
if (code !== 0 || flushed || process.argv.includes("--follow")) process.exit(code);
