/**
 * Maps the CLI's error text to core RuntimeErrorCodes (reference §3). Matching is on tolerant
 * substrings because the wording and quoting changed across 0.10, 0.11, 1.0 and 1.3+.
 */
import { ExitCode, HwError, RuntimeErrorCode } from "../../core/index.js";
import type { CliResult } from "./cli-runner.js";

export const SYSTEM_START_HINT =
  "Start the container system service with `container system start` " +
  "(add --enable-kernel-install the first time so it does not prompt), then retry.";

const SYSTEM_DOWN = /XPC connection error|container system start|XPC timeout/i;

export function isSystemDown(result: CliResult): boolean {
  return SYSTEM_DOWN.test(result.stderr);
}

export function isNotFound(result: CliResult): boolean {
  return result.exitCode !== 0 && /not found/i.test(result.stderr);
}

export function isAlreadyExists(result: CliResult): boolean {
  return result.exitCode !== 0 && /already exists?/i.test(result.stderr);
}

/** First meaningful stderr line without the "Error: " prefix. */
export function cliMessage(result: CliResult): string {
  const line = result.stderr.split("\n").find((l) => l.trim() !== "") ?? `exit code ${result.exitCode}`;
  return line.replace(/^Error:\s*/, "").trim();
}

/**
 * An HwError for a failed CLI call. `redact` lists values (env, secrets) that must not leak
 * into the message even if the CLI echoed them.
 */
export function cliFailure(what: string, result: CliResult, redact: readonly string[] = []): HwError {
  let message = cliMessage(result);
  for (const secret of redact) {
    if (secret.length >= 3) message = message.split(secret).join("<redacted>");
  }
  const text = `${what} failed: ${message}`;
  if (isSystemDown(result)) {
    return new HwError(RuntimeErrorCode.unavailable, "the Apple container system service is not running", {
      hint: SYSTEM_START_HINT,
      exitCode: ExitCode.runtimeUnavailable,
      retryable: true,
    });
  }
  if (isAlreadyExists(result)) return new HwError(RuntimeErrorCode.conflict, text);
  if (isNotFound(result)) return new HwError(RuntimeErrorCode.notFound, text);
  if (result.exitCode === 64) {
    return new HwError(RuntimeErrorCode.failed, text, {
      hint: "The container CLI rejected the arguments Hostwright built; please report this.",
    });
  }
  return new HwError(RuntimeErrorCode.failed, text, { retryable: true });
}
