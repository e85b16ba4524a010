/**
 * Runs the real CLI (src/cli/main.ts through tsx: the same code the built bin runs) against the
 * harness engine, each test with its own state directory and project directory.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { dockerHost } from "../harness/engine.js";
import { CLI_NODE_ARGS } from "./tsx-entry.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class Workspace {
  readonly dir: string;
  readonly stateDir: string;

  constructor(readonly project: string) {
    this.dir = mkdtempSync(join(tmpdir(), `hw-e2e-${project}-`));
    this.stateDir = join(this.dir, "state");
  }

  get manifest(): string {
    return join(this.dir, "hostwright.yaml");
  }

  write(yaml: string): void {
    writeFileSync(this.manifest, yaml);
  }

  async hw(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
    const r = await execa("node", [...CLI_NODE_ARGS, ...args], {
      cwd: this.dir,
      reject: false,
      env: { DOCKER_HOST: dockerHost(), HOSTWRIGHT_STATE_DIR: this.stateDir, NO_COLOR: "1", ...env },
      timeout: 180_000,
    });
    return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  }

  async json<T>(args: string[]): Promise<T> {
    const r = await this.hw([...args, "--json"]);
    try {
      return JSON.parse(r.stdout) as T;
    } catch {
      throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
    }
  }
}
