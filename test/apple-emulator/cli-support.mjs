// Shared pieces of the emulated CLI: the emulated version, how errors are printed
// (reference §3.1) and a swift-argument-parser-like option parser.

/** Commits of the fixture versions; other versions print "unspecified" (a legal value). */
const COMMITS = { "1.0.0": "ee848e3", "1.1.0": "5973b9c", "1.2.2": "af405ff" };

export function emulatedVersion() {
  return process.env.APPLE_EMULATOR_VERSION ?? "1.1.0";
}

export function versionLine() {
  const v = emulatedVersion();
  return `container CLI version ${v} (build: release, commit: ${COMMITS[v] ?? "unspecified"})`;
}

/** Compares the emulated version with "X.Y.Z": negative when older. */
export function compareVersion(other) {
  const a = emulatedVersion().split(".").map(Number);
  const b = other.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export const atLeast = (v) => compareVersion(v) >= 0;

/** A failure the CLI reports as `Error: <message>` on stderr (exit 1), or a usage error (exit 64). */
export class CliError extends Error {
  constructor(message, exitCode = 1, usage, stdout = "") {
    super(message);
    this.exitCode = exitCode;
    this.usage = usage;
    /** What was printed before the failure (stop/delete print each ID they handled). */
    this.stdout = stdout;
  }
}

export function usageError(message, command) {
  return new CliError(message, 64, command);
}

export function usageText(command) {
  return `Usage: container ${command} [<options>] ...\n  See 'container ${command} --help' for more information.`;
}

/** The rewrite Application.swift applies to any error mentioning the XPC connection. */
export function systemDownError(wrapped) {
  const inner = 'interrupted: "XPC connection error: Connection invalid"';
  const first = wrapped ? `${wrapped.code}: "${wrapped.message}" (cause: "${inner}")` : inner;
  return new CliError(
    `${first}\nEnsure container system service has been started with \`container system start\`.`,
  );
}

/**
 * Parses options the way swift-argument-parser does for these commands. `spec` maps every
 * spelling to { key, value: boolean, repeat: boolean }. With `passthrough`, everything after the
 * first positional belongs to the container process (reference §1.1: flags go before the image).
 */
export function parseOptions(argv, spec, command, { passthrough = false } = {}) {
  const options = {};
  const positionals = [];
  let rest = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("-") && arg.length > 1 && !/^-\d/.test(arg)) {
      const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      const opt = spec[name] ?? (name === "--debug" ? { key: "debug", value: false } : undefined);
      if (opt === undefined) throw usageError(`Unknown option '${name}'`, command);
      let value = true;
      if (opt.value) {
        value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined) throw usageError(`Missing value for '${name} <${opt.key}>'`, command);
      }
      if (opt.repeat) options[opt.key] = [...(options[opt.key] ?? []), value];
      else options[opt.key] = value;
      continue;
    }
    positionals.push(arg);
    if (passthrough) {
      rest = argv.slice(i + 1);
      break;
    }
  }
  return { options, positionals, rest };
}

/** Builds an option spec: ["-l", "--label"] → { key: "label", value, repeat }. */
export function optionSpec(entries) {
  const spec = {};
  for (const [names, key, value = true, repeat = false] of entries) {
    for (const n of names) spec[n] = { key, value, repeat };
  }
  return spec;
}
