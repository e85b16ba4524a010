/**
 * Runs `hostwright --runtime apple daemon --project-file F` as a real child process (the global
 * option goes before the subcommand) against an AppleWorkspace's emulator, keeping its JSON-line
 * log for failure messages.
 */
import { type ChildProcess, spawn } from "node:child_process";
import type { AppleWorkspace } from "./apple-workspace.js";
import { CLI_NODE_ARGS } from "./tsx-entry.js";

export class AppleDaemon {
  readonly lines: string[] = [];
  private child: ChildProcess | undefined;

  constructor(private readonly aw: AppleWorkspace) {}

  start(): void {
    this.child = spawn(
      "node",
      [...CLI_NODE_ARGS, "--runtime", "apple", "daemon", "--project-file", this.aw.manifest],
      {
        cwd: this.aw.ws.dir,
        env: { ...process.env, HOSTWRIGHT_STATE_DIR: this.aw.ws.stateDir, NO_COLOR: "1", ...this.aw.env },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let buf = "";
    this.child.stderr?.on("data", (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split("\n");
      buf = parts.pop() ?? "";
      this.lines.push(...parts.filter(Boolean));
    });
  }

  /** The last log lines, to explain a failed wait. */
  tail(n = 20): string {
    return this.lines.slice(-n).join("\n");
  }

  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
}
