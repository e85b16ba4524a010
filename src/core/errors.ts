/**
 * One error type for everything a user can meet. `code` is stable (documented in
 * docs/errors.md), `exitCode` is what the CLI exits with, `hint` says what to do next.
 * Only src/cli/main.ts turns these into a process exit.
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  changesPending: 2,
  usage: 64,
  invalidManifest: 65,
  storeUnavailable: 66,
  runtimeUnavailable: 69,
  stalePlan: 70,
  locked: 75,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface HwErrorOptions {
  hint?: string;
  exitCode?: ExitCode;
  cause?: unknown;
  /** Retryable errors are left to the next reconcile pass; terminal ones need a human. */
  retryable?: boolean;
}

export class HwError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;
  readonly retryable: boolean;

  constructor(code: string, message: string, options: HwErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "HwError";
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.failure;
    this.retryable = options.retryable ?? false;
  }

  toJSON(): { code: string; message: string; hint?: string; exitCode: number } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      exitCode: this.exitCode,
    };
  }
}

export function isHwError(err: unknown): err is HwError {
  return err instanceof HwError;
}

/** Message of any thrown value, for events and logs (never a stack). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
