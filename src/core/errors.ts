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
  /**
   * What the daemon does after a failed pass (as controller-runtime does): a retryable error is
   * looked at again soon, with growing back-off; a terminal one (the default) only at the next
   * resync, a runtime event or a new desired state, since retrying it unchanged fails the same way.
   */
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

/** True for a HwError with this stable code (never compare messages). */
export function hasCode(err: unknown, code: string): err is HwError {
  return err instanceof HwError && err.code === code;
}

/** True for a HwError that exits with this code (e.g. ExitCode.runtimeUnavailable). */
export function isExitCode(err: unknown, exitCode: ExitCode): err is HwError {
  return err instanceof HwError && err.exitCode === exitCode;
}

/** Message of any thrown value, for events and logs (never a stack). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
