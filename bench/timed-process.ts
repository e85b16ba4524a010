/**
 * Runs one command as its own process and times it from spawn to exit, the way a user waits for
 * it. Every tool (hostwright, docker-compose, the raw floor) is timed the same way.
 */
import { spawn } from "node:child_process";

export interface TimedRun {
  ms: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Exit codes that are not failures (plan --detailed-exitcode style); default [0]. */
  okCodes?: number[];
  /** Kill the process (SIGKILL) and fail after this long; default 10 minutes. */
  timeoutMs?: number;
}

export function timedRun(command: string, args: string[], opts: RunOptions): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: opts.env, cwd: opts.cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timeoutMs = opts.timeoutMs ?? 600_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      const ms = performance.now() - started;
      if (timedOut) {
        reject(
          new Error(`${command} ${args.join(" ")} did not finish within ${timeoutMs / 1000} s (killed)`),
        );
        return;
      }
      if ((opts.okCodes ?? [0]).includes(code ?? -1)) {
        resolve({ ms, stdout, stderr });
      } else {
        const tail = `${stdout}\n${stderr}`.trim().split("\n").slice(-15).join("\n");
        reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${tail}`));
      }
    });
  });
}
