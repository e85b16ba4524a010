/**
 * Per-invocation context: global options plus lazily opened store and runtime, so `validate`
 * never touches SQLite or the engine and a plain CLI call stays fast.
 */
import { ExitCode, HwError, type RuntimeAdapter } from "../core/index.js";
import { openStore, resolveStateDir, type Store } from "../store/index.js";
import type { Output } from "./output.js";

export interface GlobalOptions {
  stateDir?: string;
  runtime?: string;
}

export class CliContext {
  private storeInstance: Store | undefined;
  private runtimeInstance: RuntimeAdapter | undefined;

  constructor(
    readonly options: GlobalOptions,
    readonly output: Output,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  store(): Store {
    this.storeInstance ??= openStore(
      resolveStateDir({ ...(this.options.stateDir ? { flag: this.options.stateDir } : {}), env: this.env }),
    );
    return this.storeInstance;
  }

  async runtime(): Promise<RuntimeAdapter> {
    if (this.runtimeInstance) return this.runtimeInstance;
    const choice = this.options.runtime ?? this.env.HOSTWRIGHT_RUNTIME ?? "auto";
    this.runtimeInstance = await selectRuntime(choice, this.env);
    await this.runtimeInstance.ping();
    return this.runtimeInstance;
  }

  async close(): Promise<void> {
    await this.runtimeInstance?.close?.();
    this.storeInstance?.close();
  }
}

async function selectRuntime(choice: string, env: NodeJS.ProcessEnv): Promise<RuntimeAdapter> {
  if (choice === "apple") {
    const { createAppleAdapter } = await import("../runtime/apple/index.js");
    return createAppleAdapter({ env });
  }
  if (choice !== "docker" && choice !== "auto") {
    throw new HwError("HW-CLI-002", `unknown runtime "${choice}"`, {
      exitCode: ExitCode.usage,
      hint: "use --runtime docker, apple or auto",
    });
  }
  const { createDockerAdapter, discoverDockerHost } = await import("../runtime/docker/index.js");
  const found = discoverDockerHost(env);
  if (!found) {
    if (choice === "auto" && process.platform === "darwin") {
      const { createAppleAdapter } = await import("../runtime/apple/index.js");
      return createAppleAdapter({ env });
    }
    throw new HwError(
      "HW-RUNTIME-001",
      "no container engine found (no DOCKER_HOST, no Docker or Podman socket)",
      {
        exitCode: ExitCode.runtimeUnavailable,
        hint: "start Docker or Podman, or run `bash scripts/engine.sh start` and export the DOCKER_HOST it prints",
      },
    );
  }
  return createDockerAdapter({ host: found.host });
}
