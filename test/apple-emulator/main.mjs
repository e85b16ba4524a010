// Entry point of the emulated `container` CLI: global flags, subcommand dispatch, the
// "system not running" gate and how results and errors reach stdout/stderr/exit code.
import { CliError, systemDownError, usageError, usageText, versionLine } from "./cli-support.mjs";
import { createCommand } from "./container-create.mjs";
import { deleteCommand, pruneCommand, startCommand, stopCommand } from "./container-lifecycle.mjs";
import { execCommand, inspectCommand, listCommand, logsCommand } from "./container-query.mjs";
import { imageCommand } from "./images.mjs";
import { networkCommand } from "./networks.mjs";
import { systemCommand, systemState } from "./system.mjs";
import { volumeCommand } from "./volumes.mjs";

const ALIASES = { ls: "list", rm: "delete", i: "image", v: "volume", n: "network", s: "system", cp: "copy" };

const COMMANDS = {
  create: (a) => createCommand(a),
  run: (a) => createCommand(a, { run: true }),
  start: startCommand,
  stop: (a) => stopCommand(a, "stop"),
  kill: (a) => stopCommand(a, "kill"),
  delete: deleteCommand,
  prune: pruneCommand,
  list: listCommand,
  inspect: inspectCommand,
  exec: execCommand,
  logs: logsCommand,
  image: imageCommand,
  volume: volumeCommand,
  network: networkCommand,
};

/** Server-side list calls wrap the XPC failure in their own message (reference §3.2). */
const WRAPPED_WHEN_DOWN = { list: "failed to list containers" };

async function dispatch(argv) {
  const args = argv.filter((a) => a !== "--debug");
  const [first, ...rest] = args;
  if (first === "--version") return { stdout: `${versionLine()}\n` };
  if (first === undefined || first === "-h" || first === "--help") {
    return { stdout: "OVERVIEW: A container platform for macOS (emulated)\n" };
  }
  const command = ALIASES[first] ?? first;
  if (command === "system") return systemCommand(rest);
  const handler = COMMANDS[command];
  if (handler === undefined) throw usageError(`Unexpected argument '${first}'`, "");
  if (systemState() !== "running") {
    const wrapped = WRAPPED_WHEN_DOWN[command];
    throw systemDownError(wrapped ? { code: "internalError", message: wrapped } : undefined);
  }
  return handler(rest);
}

export async function main(argv) {
  let result;
  try {
    result = await dispatch(argv);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    if (err.stdout) process.stdout.write(err.stdout);
    // Since 1.0 every error goes to stderr (before it, too, for these commands).
    process.stderr.write(`Error: ${err.message}\n`);
    if (err.usage !== undefined) process.stderr.write(`${usageText(err.usage)}\n`);
    return err.exitCode;
  }
  if (result.stdout) process.stdout.write(result.stdout);
  if (result.stderr) process.stderr.write(result.stderr);
  return result.exitCode ?? 0;
}
