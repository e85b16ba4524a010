/** Test helpers for the `container` emulator: a private state file per test and a runner. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

export const EMULATOR_BIN = fileURLToPath(new URL("./container", import.meta.url));

/** The parts of the emulator's state file tests look at (reference §2 shapes). */
export interface EmulatorContainer {
  configuration: Record<string, unknown> & {
    labels: Record<string, string>;
    initProcess: { executable: string; arguments: string[]; environment: string[] };
  };
  status: {
    state: string;
    networks: { network: string; ipv4Address: string }[];
    startedDate?: string;
  };
}

export interface EmulatorState {
  containers: Record<string, EmulatorContainer>;
  volumes: Record<string, { configuration: { labels: Record<string, string> } }>;
  networks: Record<string, { configuration: { labels: Record<string, string> } }>;
}

export interface EmulatorSandbox {
  /** Environment selecting this sandbox's state (plus any overrides such as the version). */
  env: Record<string, string>;
  run(
    args: string[],
    extraEnv?: Record<string, string>,
  ): Promise<{ stdout: string; stderr: string; exitCode: number }>;
  /** The emulator's raw state (for asserting what reached the "runtime"). */
  state(): EmulatorState;
  /** The state file's exact bytes ("" before the first write): unchanged means nothing mutated. */
  rawState(): string;
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
        return { containers: {}, volumes: {}, networks: {}, ...JSON.parse(readFileSync(statePath, "utf8")) };
      } catch {
        return { containers: {}, volumes: {}, networks: {} };
      }
    },
    rawState() {
      try {
        return readFileSync(statePath, "utf8");
      } catch {
        return "";
      }
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
