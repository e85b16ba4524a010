import { isAbsolute } from "node:path";
import { compareCodeUnits, ExitCode, HwError } from "../../core/index.js";

export const ServiceUnitErrorCode = {
  unsupportedPlatform: "HW-DAEMON-020",
  invalidUnitOption: "HW-DAEMON-021",
} as const;

export interface ServiceUnitOptions {
  /** Absolute path of the program to run (node, or a packaged hostwright binary). */
  execPath: string;
  args: string[];
  /** Absolute; becomes the working directory and HOSTWRIGHT_STATE_DIR. */
  stateDir: string;
  /** systemd system units only: run the daemon as this user. */
  user?: string;
  /** systemd: "user" (~/.config/systemd/user) or "system"; defaults to system when `user` is set. */
  scope?: "user" | "system";
  /** Extra environment for the daemon (never secrets: unit files are world-readable). */
  environment?: Record<string, string>;
}

/** Every value ends up inside a config file: control characters could smuggle in new directives. */
export function assertUnitOptions(opts: ServiceUnitOptions): void {
  if (!isAbsolute(opts.execPath)) throw invalid(`execPath must be absolute, got "${opts.execPath}"`);
  if (!isAbsolute(opts.stateDir)) throw invalid(`stateDir must be absolute, got "${opts.stateDir}"`);
  const values = [
    opts.execPath,
    opts.stateDir,
    ...opts.args,
    ...(opts.user === undefined ? [] : [opts.user]),
    ...Object.entries(opts.environment ?? {}).flat(),
  ];
  const bad = values.find((v) => /[\u0000-\u001f\u007f]/.test(v));
  if (bad !== undefined) throw invalid(`${JSON.stringify(bad)} contains a control character`);
  const badKey = Object.keys(opts.environment ?? {}).find((k) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k));
  if (badKey !== undefined) throw invalid(`environment name "${badKey}" is not a valid variable name`);
  if (opts.user !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(opts.user)) {
    throw invalid(`user "${opts.user}" is not a valid user name`);
  }
}

/** The daemon's environment: the state directory first, then the caller's extras by name. */
export function unitEnvironment(opts: ServiceUnitOptions): [string, string][] {
  const extra = Object.entries(opts.environment ?? {})
    .filter(([k]) => k !== "HOSTWRIGHT_STATE_DIR")
    .sort(([a], [b]) => compareCodeUnits(a, b));
  return [["HOSTWRIGHT_STATE_DIR", opts.stateDir], ...extra];
}

function invalid(message: string): HwError {
  return new HwError(ServiceUnitErrorCode.invalidUnitOption, `cannot write the service unit: ${message}`, {
    exitCode: ExitCode.usage,
  });
}
