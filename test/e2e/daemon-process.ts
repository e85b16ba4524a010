/** Starts `hostwright daemon` as a real child process and waits on its JSON-line logs. */
import { type ChildProcess, spawn } from "node:child_process";
import { dockerHost } from "../harness/engine.js";
import type { Workspace } from "./cli.js";
import { CLI_NODE_ARGS } from "./tsx-entry.js";

export class DaemonProcess {
  readonly lines: string[] = [];
  private child: ChildProcess | undefined;

  constructor(
    private readonly ws: Workspace,
    private readonly env: Record<string, string> = {},
  ) {}

  start(args: string[] = []): void {
    this.child = spawn("node", [...CLI_NODE_ARGS, "daemon", ...args], {
      cwd: this.ws.dir,
      env: {
        ...process.env,
        DOCKER_HOST: dockerHost(),
        HOSTWRIGHT_STATE_DIR: this.ws.stateDir,
        NO_COLOR: "1",
        ...this.env,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let buf = "";
    this.child.stderr?.on("data", (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split("\n");
      buf = parts.pop() ?? "";
      this.lines.push(...parts.filter(Boolean));
    });
  }

  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const hit = this.lines.find((l) => pattern.test(l));
      if (hit) return hit;
      if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
        throw new Error(`daemon exited (${this.child.exitCode}):\n${this.lines.slice(-20).join("\n")}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${pattern} in daemon log:\n${this.lines.slice(-30).join("\n")}`);
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

/** Polls until `check` returns a truthy value (or throws on timeout with the last value). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`,
  );
}
