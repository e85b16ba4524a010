/**
 * Per-invocation context: global options plus lazily opened store and runtime, so `validate`
 * never touches SQLite or the engine and a plain CLI call stays fast.
 */
import type { RuntimeAdapter } from "../core/index.js";
import { selectRuntime } from "../runtime/select-runtime.js";
import { openStore, resolveStateDir, type Store } from "../store/index.js";
import type { ComposeFlags } from "./compose-flags.js";
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
    /** -p / --env-file / --profile / repeated -f, for Compose input. */
    readonly compose: ComposeFlags = {},
  ) {}

  store(): Store {
    this.storeInstance ??= openStore(this.stateDir());
    return this.storeInstance;
  }

  stateDir(): string {
    return resolveStateDir({
      ...(this.options.stateDir ? { flag: this.options.stateDir } : {}),
      env: this.env,
    });
  }

  runtimeChoice(): string {
    return this.options.runtime ?? this.env.HOSTWRIGHT_RUNTIME ?? "auto";
  }

  async runtime(): Promise<RuntimeAdapter> {
    if (this.runtimeInstance) return this.runtimeInstance;
    this.runtimeInstance = await selectRuntime(this.runtimeChoice(), this.env);
    await this.runtimeInstance.ping();
    return this.runtimeInstance;
  }

  async close(): Promise<void> {
    await this.runtimeInstance?.close?.();
    this.storeInstance?.close();
  }
}
