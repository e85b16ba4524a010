/**
 * A real `hostwright daemon --http` child for the browser tests: like test/e2e/daemon-process.ts,
 * but it also keeps stdout, where the daemon prints the dashboard URL (with its token) once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { Workspace } from "../e2e/cli.js";
import { CLI_NODE_ARGS } from "../e2e/tsx-entry.js";
import { dockerHost } from "../harness/engine.js";

export class DashboardDaemon {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  private child: ChildProcess | undefined;

  constructor(private readonly ws: Workspace) {}

  start(args: string[]): void {
    this.child = spawn("node", [...CLI_NODE_ARGS, "daemon", ...args], {
      cwd: this.ws.dir,
      env: {
        ...process.env,
        DOCKER_HOST: dockerHost(),
        HOSTWRIGHT_STATE_DIR: this.ws.stateDir,
        NO_COLOR: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    collect(this.child.stdout, this.stdout);
    collect(this.child.stderr, this.stderr);
  }

  /** Waits for a stdout line matching `pattern` (the daemon exiting first is an error). */
  async waitForStdout(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const hit = this.stdout.find((l) => pattern.test(l));
      if (hit) return hit;
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined)
        throw new Error(`daemon exited (${this.child.exitCode}):\n${this.stderr.slice(-20).join("\n")}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${pattern} on stdout:\n${this.stderr.slice(-20).join("\n")}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

function collect(stream: NodeJS.ReadableStream | null, into: string[]): void {
  let buf = "";
  stream?.on("data", (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split("\n");
    buf = parts.pop() ?? "";
    into.push(...parts.filter(Boolean));
  });
}
