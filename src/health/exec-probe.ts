/** exec probe: run a command inside the container; healthy iff it exits 0 within the timeout. */
import type { RuntimeAdapter } from "../core/index.js";
import type { ProbeOutcome } from "./probe-outcome.js";

export async function execProbe(
  runtime: Pick<RuntimeAdapter, "exec">,
  containerId: string,
  command: string[],
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const result = await runtime.exec(containerId, command, timeoutMs);
  if (result.timedOut) {
    return { ok: false, output: result.output, error: `timed out after ${timeoutMs}ms` };
  }
  if (result.exitCode !== 0) {
    return { ok: false, output: result.output, error: `exited with code ${result.exitCode}` };
  }
  return { ok: true, output: result.output };
}
