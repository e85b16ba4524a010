/**
 * `container logs [-f] [-n N] <id>` as LogLines. stdout and stderr of the container are already
 * merged into one file without timestamps (pitfall 14), so every line is reported as stdout.
 * `-f` never exits on its own: the child is killed when the caller aborts or stops iterating.
 */
import { createInterface } from "node:readline";
import { execa } from "execa";
import type { LogLine } from "../../core/index.js";
import { cliFailure } from "./cli-errors.js";
import { binaryMissing } from "./cli-runner.js";

export async function* streamLogs(
  bin: string,
  env: Record<string, string> | undefined,
  id: string,
  opts: { follow: boolean; tail?: number; signal?: AbortSignal },
): AsyncIterable<LogLine> {
  const args = [
    "logs",
    ...(opts.follow ? ["--follow"] : []),
    ...(opts.tail !== undefined ? ["-n", String(opts.tail)] : []),
    id,
  ];
  const child = execa(bin, args, {
    reject: false,
    stdin: "ignore",
    buffer: { stdout: false, stderr: true },
    ...(opts.signal ? { cancelSignal: opts.signal } : {}),
    ...(env ? { env } : {}),
  });
  try {
    const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const text of lines) yield { stream: "stdout", text };
    const result = await child;
    if (result.isCanceled) return;
    if (result.code === "ENOENT" || result.code === "EACCES") throw binaryMissing(bin);
    if (result.exitCode !== 0) {
      throw cliFailure("container logs", {
        stdout: "",
        stderr: String(result.stderr),
        exitCode: result.exitCode ?? 1,
      });
    }
  } finally {
    if (child.exitCode === null) child.kill();
  }
}
