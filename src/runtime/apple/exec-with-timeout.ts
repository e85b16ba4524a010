/**
 * `container exec` has no timeout of its own (pitfall 3), so the child is killed when ours runs
 * out. The CLI's own failures (no such container, not running, service down) are told apart
 * from the process's exit status by their fixed texts (reference §3.2).
 */
import { execa } from "execa";
import { type ExecResult, HwError, RuntimeErrorCode } from "../../core/index.js";
import { cliFailure, isSystemDown } from "./cli-errors.js";
import { binaryMissing } from "./cli-runner.js";

/** Probe output is kept short: it ends up in health events. */
export const EXEC_OUTPUT_CAP = 4096;

/** The exit code reported when the probe was killed for taking too long. */
export const TIMED_OUT_EXIT_CODE = -1;

export async function execWithTimeout(
  bin: string,
  env: Record<string, string> | undefined,
  id: string,
  argv: string[],
  timeoutMs: number,
): Promise<ExecResult> {
  const result = await execa(bin, ["exec", id, ...argv], {
    reject: false,
    stdin: "ignore",
    all: true,
    timeout: timeoutMs,
    forceKillAfterDelay: 1000,
    ...(env ? { env } : {}),
  });
  if (result.code === "ENOENT" || result.code === "EACCES") throw binaryMissing(bin);
  const output = String(result.all ?? "").slice(0, EXEC_OUTPUT_CAP);
  if (result.timedOut) return { exitCode: TIMED_OUT_EXIT_CODE, output, timedOut: true };
  const cli = {
    stdout: String(result.stdout),
    stderr: String(result.stderr),
    exitCode: result.exitCode ?? 1,
  };
  if (cli.exitCode !== 0) {
    if (isSystemDown(cli) || /^Error: get failed: container .* not found/m.test(cli.stderr)) {
      throw cliFailure("container exec", cli);
    }
    if (/^Error: container .* is not running/m.test(cli.stderr)) {
      throw new HwError(RuntimeErrorCode.failed, `container exec failed: container ${id} is not running`, {
        retryable: true,
      });
    }
  }
  return { exitCode: cli.exitCode, output, timedOut: false };
}
