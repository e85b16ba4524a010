/**
 * Errors across the socket: HwError ⇄ `{error: {code, message, hint, exitCode}}` with an HTTP
 * status. Imports nothing heavy, because the CLI's client uses it too.
 */
import { ExitCode, errorMessage, HwError } from "../../core/index.js";
import type { ApiErrorBody } from "./api-types.js";

export const ApiErrorCode = {
  daemonRunning: "HW-DAEMON-010",
  socketPathNotSocket: "HW-DAEMON-011",
  socketPathTooLong: "HW-DAEMON-012",
  badRequest: "HW-DAEMON-013",
  notFound: "HW-DAEMON-014",
  internal: "HW-DAEMON-015",
  daemonUnreachable: "HW-DAEMON-016",
  badResponse: "HW-DAEMON-017",
  listenFailed: "HW-DAEMON-018",
} as const;

/** The exit code says what kind of failure it is; the status follows from it. */
export function httpStatusFor(err: HwError): number {
  switch (err.exitCode) {
    case ExitCode.locked:
    case ExitCode.stalePlan:
      return 409;
    case ExitCode.usage:
    case ExitCode.invalidManifest:
      return 400;
    case ExitCode.runtimeUnavailable:
    case ExitCode.storeUnavailable:
      return 503;
    default:
      return err.code === ApiErrorCode.notFound ? 404 : 500;
  }
}

/** Anything thrown inside the server → a status and a body that never carries a stack. */
export function toErrorResponse(err: unknown): { status: number; body: ApiErrorBody } {
  const hw = asHwError(err);
  return { status: httpStatusFor(hw), body: errorBody(hw) };
}

export function errorBody(err: HwError): ApiErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.hint === undefined ? {} : { hint: err.hint }),
      exitCode: err.exitCode,
    },
  };
}

/** The client's side: rebuild the server's HwError, or explain a response we cannot read. */
export function fromErrorBody(status: number, body: unknown): HwError {
  if (isErrorBody(body)) {
    const { code, message, hint, exitCode } = body.error;
    return new HwError(code, message, {
      ...(hint === undefined ? {} : { hint }),
      exitCode: knownExitCode(exitCode),
    });
  }
  return new HwError(ApiErrorCode.badResponse, `the daemon answered HTTP ${status} without an error body`, {
    hint: "the daemon and this CLI may be different versions; restart the daemon",
  });
}

export function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== "object" || body === null || !("error" in body)) return false;
  const e = (body as { error: unknown }).error;
  return typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string";
}

function asHwError(err: unknown): HwError {
  if (err instanceof HwError) return err;
  // Fastify's own rejections (bad JSON, oversized body) carry a 4xx statusCode.
  const statusCode = (err as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
    return new HwError(ApiErrorCode.badRequest, `bad request: ${errorMessage(err)}`, {
      hint: "send a JSON body with content-type application/json",
      exitCode: ExitCode.usage,
    });
  }
  return new HwError(ApiErrorCode.internal, `daemon internal error: ${errorMessage(err)}`, {
    hint: "see the daemon log for details",
  });
}

function knownExitCode(value: unknown): ExitCode {
  const known = Object.values(ExitCode) as number[];
  return typeof value === "number" && known.includes(value) ? (value as ExitCode) : ExitCode.failure;
}
