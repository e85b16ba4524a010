/**
 * Before Hostwright touches anything: is the CLI there, is its version one we support, and is
 * the system service up? The service is never started for the user (first start prompts for a
 * kernel install, reference §1.4) — the error says how.
 */
import { ExitCode, HwError, RuntimeErrorCode } from "../../core/index.js";
import { SYSTEM_START_HINT } from "./cli-errors.js";
import type { RunCli } from "./cli-runner.js";
import { type CliVersion, gateCliVersion } from "./version.js";

export interface PreflightResult {
  version: string;
  warnings: string[];
}

export async function checkCliVersion(run: RunCli): Promise<{ version: CliVersion; warnings: string[] }> {
  const result = await run(["--version"]);
  if (result.exitCode !== 0) {
    throw new HwError(
      RuntimeErrorCode.unavailable,
      `\`container --version\` exited with ${result.exitCode}`,
      {
        hint: "Check the Apple container installation (or HOSTWRIGHT_CONTAINER_BIN).",
        exitCode: ExitCode.runtimeUnavailable,
      },
    );
  }
  return gateCliVersion(result.stdout);
}

/** `container system status` exits 1 (without an "Error:" line) when the service is down. */
export async function checkSystemRunning(run: RunCli): Promise<void> {
  const result = await run(["system", "status"]);
  if (result.exitCode === 0) return;
  const detail = result.stdout.trim() || result.stderr.trim();
  throw new HwError(
    RuntimeErrorCode.unavailable,
    `the Apple container system service is not running${detail ? ` (${detail})` : ""}`,
    { hint: SYSTEM_START_HINT, exitCode: ExitCode.runtimeUnavailable, retryable: true },
  );
}
