/** `hostwright daemon --project-file F` as a child process: started, awaited until ready, stopped. */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import type { HostwrightStack } from "./stacks.js";
import type { BenchPaths } from "./tools.js";

export class DaemonProcess {
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];

  constructor(paths: BenchPaths, stack: HostwrightStack, dockerHost: string) {
    const bin = join(paths.repoRoot, "bin/hostwright.js");
    this.child = spawn(process.execPath, [bin, "daemon", "--project-file", stack.tool.manifest], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DOCKER_HOST: dockerHost,
        HOSTWRIGHT_STATE_DIR: stack.tool.stateDir,
        NO_COLOR: "1",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let buffer = "";
    this.child.stderr?.on("data", (d: Buffer) => {
      buffer += d.toString();
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      // Keep the tail only: an idle daemon may log for a long time.
      this.lines.push(...parts.filter(Boolean));
      if (this.lines.length > 500) this.lines.splice(0, this.lines.length - 500);
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error("daemon did not start");
    return this.child.pid;
  }

  async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.lines.some((l) => l.includes("hostwright daemon ready"))) return;
      if (this.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`daemon not ready (exit ${this.child.exitCode}):\n${this.lines.slice(-20).join("\n")}`);
  }

  /** The last log lines, for error messages. */
  logTail(count = 20): string[] {
    return this.lines.slice(-count);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }
}
