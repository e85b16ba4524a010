/**
 * Runs the `container` binary: always an argument array (never a shell), stdin closed so the
 * CLI can never wait on a prompt (pitfall 1), and a timeout because a hung API server makes the
 * CLI wait on XPC. Failures are returned, not thrown, so callers decide what "not found" means.
 */
import { execa } from "execa";
import { ExitCode, HwError, RuntimeErrorCode } from "../../core/index.js";

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export type RunCli = (args: string[], opts?: { timeoutMs?: number }) => Promise<CliResult>;

export interface CliRunnerOptions {
  bin: string;
  timeoutMs: number;
  /** Extra environment for the child (tests point the emulator at its state file). */
  env?: Record<string, string>;
}

export const INSTALL_HINT =
  "Install Apple's `container` 1.x (https://github.com/apple/container/releases) or set " +
  "HOSTWRIGHT_CONTAINER_BIN to its path.";

export function binaryMissing(bin: string): HwError {
  return new HwError(RuntimeErrorCode.unavailable, `the Apple container CLI was not found (${bin})`, {
    hint: INSTALL_HINT,
    exitCode: ExitCode.runtimeUnavailable,
  });
}

export function createCliRunner(options: CliRunnerOptions): RunCli {
  return async (args, opts) => {
    const timeoutMs = opts?.timeoutMs ?? options.timeoutMs;
    const result = await execa(options.bin, args, {
      reject: false,
      stdin: "ignore",
      timeout: timeoutMs,
      ...(options.env ? { env: options.env } : {}),
    });
    if (result.code === "ENOENT" || result.code === "EACCES") throw binaryMissing(options.bin);
    // Only the subcommand is named: later arguments can carry env values (secrets).
    const what = `container ${args[0] ?? ""}`.trim();
    if (result.timedOut) {
      throw new HwError(RuntimeErrorCode.timeout, `${what} did not answer within ${timeoutMs}ms`, {
        hint: "The container API server may be hung; check `container system status`.",
        retryable: true,
      });
    }
    if (result.exitCode === undefined) {
      throw new HwError(
        RuntimeErrorCode.failed,
        `${what} could not be run (${result.code ?? "unknown error"})`,
      );
    }
    return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode };
  };
}
