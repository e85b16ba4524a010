// list / inspect / exec / logs (reference §1.3, JSON §2). Stored records use the 1.x shape;
// an emulated version below 1.0.0 prints the pre-1.0 PrintableContainer shape (§2.5).
import { existsSync, readFileSync } from "node:fs";
import { atLeast, CliError, optionSpec, parseOptions, usageError } from "./cli-support.mjs";
import { envObject } from "./container-lifecycle.mjs";
import { runArgv } from "./mini-shell.mjs";
import { logPath, readState } from "./state-store.mjs";
import { encodeSwiftJson } from "./swift-json.mjs";

const APPLE_EPOCH_MS = Date.UTC(2001, 0, 1);

export function jsonOptions() {
  return { escapeSlashes: !atLeast("1.4.1") };
}

function printable({ emulator: _bookkeeping, ...record }) {
  if (atLeast("1.0.0")) return { id: record.configuration.id, ...record };
  const { creationDate: _dropped, ...configuration } = record.configuration;
  const legacyNets = record.status.networks.map((n) =>
    atLeast("0.8.0")
      ? { network: n.network, hostname: n.hostname, ipv4Address: n.ipv4Address, ipv4Gateway: n.ipv4Gateway }
      : { network: n.network, hostname: n.hostname, address: n.ipv4Address, gateway: n.ipv4Gateway },
  );
  const started = record.status.startedDate;
  return {
    status: record.status.state,
    configuration,
    networks: legacyNets,
    // Foundation's default date encoding: seconds since 2001-01-01 (startedDate exists from 0.8.0).
    startedDate:
      started !== undefined && atLeast("0.8.0") ? (Date.parse(started) - APPLE_EPOCH_MS) / 1000 : undefined,
  };
}

/** Output order comes from a dictionary in the real CLI; reversing insertion keeps callers honest. */
function ordered(containers) {
  return Object.values(containers).reverse();
}

export function listCommand(argv) {
  const spec = optionSpec([
    [["-a", "--all"], "all", false],
    [["--format"], "format"],
    [["-q", "--quiet"], "quiet", false],
  ]);
  const { options } = parseOptions(argv, spec, "list");
  const rows = ordered(readState().containers).filter((c) => options.all || c.status.state === "running");
  const format = options.format ?? "table";
  if (format === "json") return { stdout: `${encodeSwiftJson(rows.map(printable), jsonOptions())}\n` };
  if (format !== "table")
    throw usageError(`The value '${format}' is invalid for '--format <format>'`, "list");
  if (options.quiet) return { stdout: rows.map((c) => `${c.configuration.id}\n`).join("") };
  const lines = ["ID  IMAGE  OS  ARCH  STATE  ADDR"];
  for (const c of rows) {
    const addr = c.status.networks[0]?.ipv4Address?.split("/")[0] ?? "";
    lines.push(
      `${c.configuration.id}  ${c.configuration.image.reference}  linux  arm64  ${c.status.state}  ${addr}`,
    );
  }
  return { stdout: `${lines.join("\n")}\n` };
}

export function inspectCommand(argv) {
  const { positionals } = parseOptions(argv, {}, "inspect");
  if (positionals.length === 0) throw usageError("Missing expected argument '<containers> ...'", "inspect");
  const containers = readState().containers;
  const missing = positionals.filter((id) => !containers[id]).sort();
  // Before 1.0 a missing ID was silently left out (exit 0, possibly `[]`).
  if (missing.length > 0 && atLeast("1.0.0"))
    throw new CliError(`container not found: ${missing.join(", ")}`);
  const found = positionals.filter((id) => containers[id]).map((id) => printable(containers[id]));
  return { stdout: `${encodeSwiftJson(found, { ...jsonOptions(), pretty: true })}\n` };
}

export async function execCommand(argv) {
  const spec = optionSpec([
    [["-d", "--detach"], "detach", false],
    [["-e", "--env"], "env", true, true],
    [["--env-file"], "envFile", true, true],
    [["-u", "--user"], "user"],
    [["--uid"], "uid"],
    [["--gid"], "gid"],
    [["-w", "--workdir", "--cwd"], "workdir"],
    [["-i", "--interactive"], "interactive", false],
    [["-t", "--tty"], "tty", false],
  ]);
  const { options, positionals, rest } = parseOptions(argv, spec, "exec", { passthrough: true });
  const id = positionals[0];
  if (id === undefined) throw usageError("Missing expected argument '<container-id>'", "exec");
  if (rest.length === 0) throw usageError("Missing expected argument '<arguments> ...'", "exec");
  const c = readState().containers[id];
  if (!c) throw new CliError(`get failed: container ${id} not found`);
  if (c.status.state !== "running") throw new CliError(`container ${id} is not running`);
  if (options.detach) return { stdout: `${id}\n` };
  const env = { ...envObject(c.configuration.initProcess.environment) };
  for (const kv of options.env ?? []) {
    const eq = kv.indexOf("=");
    if (eq >= 0) env[kv.slice(0, eq)] = kv.slice(eq + 1);
    else if (process.env[kv] !== undefined) env[kv] = process.env[kv];
  }
  try {
    const result = await runArgv(rest, { env, id });
    return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
  } catch (err) {
    if (err?.notFound === undefined) throw err;
    // Emulator wording: the reference does not quote the text for a missing executable.
    throw new CliError(
      `internalError: "failed to exec process" (cause: "executable ${err.notFound} not found")`,
    );
  }
}

export async function logsCommand(argv) {
  const spec = optionSpec([
    [["-f", "--follow"], "follow", false],
    [["-n"], "tail"],
    [["--boot"], "boot", false],
  ]);
  const { options, positionals } = parseOptions(argv, spec, "logs");
  const id = positionals[0];
  if (id === undefined) throw usageError("Missing expected argument '<container-id>'", "logs");
  if (!readState().containers[id]) {
    throw new CliError(
      `failed to get logs for container ${id} (cause: "internalError: "failed to open container logs: notFound: "container with ID ${id} not found""")`,
    );
  }
  if (options.boot) return { stdout: `[    0.000000] Booting Linux on physical CPU 0x0 (${id})\n` };
  const path = logPath(id);
  const read = () => (existsSync(path) ? readFileSync(path, "utf8") : "");
  let text = read();
  if (options.tail !== undefined) {
    const lines = text.split("\n").filter((l, i, all) => l !== "" || i < all.length - 1);
    text = lines
      .slice(-Number(options.tail))
      .map((l) => `${l}\n`)
      .join("");
    if (Number(options.tail) === 0) text = "";
  }
  process.stdout.write(text);
  if (!options.follow) return { stdout: "" };
  // -f never exits by itself (pitfall 14): follow the file until killed.
  let seen = read().length;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const now = read();
    if (now.length < seen) seen = 0; // truncated by a restart
    if (now.length > seen) process.stdout.write(now.slice(seen));
    seen = now.length;
  }
}
