/**
 * The socket file's life: a daemon that crashed leaves its socket behind, and a fresh start must
 * tell that stale file apart from a live daemon it would otherwise steal the path from.
 */
import { lstat, mkdir, rm } from "node:fs/promises";
import { createConnection } from "node:net";
import { dirname } from "node:path";
import { ExitCode, HwError } from "../../core/index.js";
import { ApiErrorCode } from "./api-errors.js";

/** sun_path holds 108 bytes on Linux and 104 on macOS, both including the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = process.platform === "darwin" ? 103 : 107;

/** Makes `socketPath` free to listen on, or explains why it is not. */
export async function prepareSocketPath(socketPath: string): Promise<void> {
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    throw new HwError(
      ApiErrorCode.socketPathTooLong,
      `socket path is ${Buffer.byteLength(socketPath)} bytes, over the system limit of ${MAX_SOCKET_PATH_BYTES}: ${socketPath}`,
      { hint: "use a shorter state directory (--state-dir)", exitCode: ExitCode.usage },
    );
  }
  // New directories only: the socket's own 0600 is the real guard, this narrows the chmod race.
  await mkdir(dirname(socketPath), { recursive: true, mode: 0o700 });
  const stat = await lstat(socketPath).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw err;
  });
  if (stat === undefined) return;
  if (!stat.isSocket()) {
    throw new HwError(ApiErrorCode.socketPathNotSocket, `${socketPath} exists and is not a socket`, {
      hint: "move that file away; hostwright never deletes a file it did not create",
    });
  }
  if (await socketAnswers(socketPath)) throw daemonAlreadyRunning(socketPath);
  await rm(socketPath, { force: true });
}

export function daemonAlreadyRunning(socketPath: string): HwError {
  return new HwError(ApiErrorCode.daemonRunning, `a daemon is already running (socket ${socketPath})`, {
    hint: "stop it first (`hostwright daemon stop` or your service manager), or use another --state-dir",
    exitCode: ExitCode.locked,
  });
}

/** Whether something accepts connections on the socket (a refused or missing socket is stale). */
export function socketAnswers(socketPath: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ path: socketPath });
    const done = (answers: boolean) => {
      socket.destroy();
      resolve(answers);
    };
    socket.setTimeout(timeoutMs, () => done(true)); // a listener too busy to accept is still alive
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}
