/** Test helpers for the `container` emulator: a private state file per test and a runner. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

export const EMULATOR_BIN = fileURLToPath(new URL("./container", import.meta.url));

export interface EmulatorSandbox {
  /** Environment selecting this sandbox's state (plus any overrides such as the version). */
  env: Record<string, string>;
  run(
    args: string[],
    extraEnv?: Record<string, string>,
  ): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  /** The emulator's raw state (for asserting what reached the "runtime"). */
  state(): {
    containers: Record<string, { configuration: Record<string, unknown> }>;
    volumes: Record<string, unknown>;
  };
  dispose(): void;
}

export function emulatorSandbox(env: Record<string, string> = {}): EmulatorSandbox {
  const dir = mkdtempSync(join(tmpdir(), "hw-apple-emu-"));
  const statePath = join(dir, "state.json");
  const base = { APPLE_EMULATOR_STATE: statePath, ...env };
  return {
    env: base,
    async run(args, extraEnv = {}) {
      const r = await execa(EMULATOR_BIN, args, {
        reject: false,
        env: { ...base, ...extraEnv },
        stdin: "ignore",
      });
      return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode ?? -1 };
    },
    state() {
      try {
        return JSON.parse(readFileSync(statePath, "utf8"));
      } catch {
        return { containers: {}, volumes: {} };
      }
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
