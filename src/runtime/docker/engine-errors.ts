/**
 * Engine failures → HwError with the RuntimeErrorCode codes, so callers never parse Docker or
 * Podman text. Connection failures mean "no engine here" (exit 69), with how to start one.
 */
import { ExitCode, errorMessage, HwError, RuntimeErrorCode } from "../../core/index.js";

export const START_ENGINE_HINT =
  "start Docker, or `bash scripts/engine.sh start` and export the DOCKER_HOST it prints";

/** Node/undici error codes that mean nothing usable is listening at the address. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOENT",
  "EACCES",
  "ENOTSOCK",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "ECONNRESET",
  "EPIPE",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
]);

/** The engine client's own timeouts (engine-client.ts), and undici's for callers still on it. */
const TIMEOUT_CODES = new Set([
  "HW_HEADERS_TIMEOUT",
  "HW_BODY_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

function errorCode(err: unknown): string | undefined {
  // undici wraps socket errors (UND_ERR_SOCKET); the more telling code may sit on the cause.
  let found: string | undefined;
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      found = code;
      if (!code.startsWith("UND_ERR_")) return code;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return found;
}

export function isUnreachable(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && UNREACHABLE_CODES.has(code);
}

export function unavailableError(host: string, err?: unknown): HwError {
  const code = errorCode(err);
  const detail = code === "EACCES" ? " (permission denied on the socket)" : code ? ` (${code})` : "";
  return new HwError(RuntimeErrorCode.unavailable, `container engine not reachable at ${host}${detail}`, {
    hint:
      code === "EACCES"
        ? `run as a user allowed to use the socket, or ${START_ENGINE_HINT}`
        : START_ENGINE_HINT,
    exitCode: ExitCode.runtimeUnavailable,
    retryable: true,
    cause: err,
  });
}

/** An HTTP error status from the engine; `what` names the operation for the message. */
export function statusError(status: number, engineMessage: string, what: string): HwError {
  const message = `${what}: ${engineMessage || `engine answered HTTP ${status}`}`;
  if (status === 404) return new HwError(RuntimeErrorCode.notFound, message);
  if (status === 409) {
    return new HwError(RuntimeErrorCode.conflict, message, {
      hint: "another resource already uses this name; remove or rename it",
    });
  }
  // 5xx can be transient (engine busy); the reconcile loop retries on its next pass.
  return new HwError(RuntimeErrorCode.failed, message, { retryable: status >= 500 });
}

/** Docker and Podman both answer errors as {"message": "..."}; anything else is passed as text. */
export function engineMessage(bodyText: string): string {
  try {
    const parsed = JSON.parse(bodyText) as { message?: unknown };
    if (typeof parsed.message === "string") return parsed.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return bodyText.trim().slice(0, 500);
}

/** A request that failed in transit for another reason than "nobody listening". */
export function transportError(err: unknown, what: string): HwError {
  const code = errorCode(err);
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new HwError(RuntimeErrorCode.timeout, `${what}: the engine did not answer in time`, {
      retryable: true,
      cause: err,
    });
  }
  return new HwError(RuntimeErrorCode.failed, `${what}: ${errorMessage(err)}`, {
    retryable: true,
    cause: err,
  });
}
