/**
 * The daemon's local API: fastify on a unix socket, readable and writable only by its owner
 * (mode 0600). Only the daemon imports this file; the CLI talks through client.ts.
 */
import { chmod, rm } from "node:fs/promises";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { errorMessage, HwError } from "../../core/index.js";
import { ApiErrorCode } from "./api-errors.js";
import type { ApiHandlers } from "./api-types.js";
import { type OpenStreams, registerRoutes } from "./routes.js";
import { daemonAlreadyRunning, prepareSocketPath } from "./socket-file.js";

export interface ApiServerOptions {
  socketPath: string;
  handlers: ApiHandlers;
  logger?: Logger;
}

export interface ApiServer {
  readonly socketPath: string;
  /** Ends open event streams, stops listening and removes the socket file. */
  close(): Promise<void>;
}

/** A plan body can carry a whole manifest (≤ 1 MiB) plus its rendering. */
const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const { socketPath } = opts;
  await prepareSocketPath(socketPath);

  const app = createApp(opts.logger);
  const streams: OpenStreams = new Set();
  registerRoutes(app, opts.handlers, streams);
  try {
    await app.listen({ path: socketPath });
  } catch (err) {
    await app.close().catch(() => undefined);
    // Another daemon won the race between our stale check and listen.
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") throw daemonAlreadyRunning(socketPath);
    throw new HwError(ApiErrorCode.listenFailed, `cannot listen on ${socketPath}: ${errorMessage(err)}`, {
      hint: "check that the state directory is writable by this user",
      cause: err,
    });
  }
  await chmod(socketPath, 0o600);

  let closing: Promise<void> | undefined;
  return {
    socketPath,
    close() {
      closing ??= (async () => {
        for (const stream of streams) stream.abort();
        await app.close();
        await rm(socketPath, { force: true });
      })();
      return closing;
    },
  };
}

/** Shared with the HTTP listener (http-server.ts), which serves the same routes. */
export function createApp(logger: Logger | undefined, extra: Record<string, unknown> = {}): FastifyInstance {
  const common = { bodyLimit: BODY_LIMIT_BYTES, ...extra };
  if (logger === undefined) return Fastify({ ...common, logger: false });
  // Per-request lines are info-level noise for a local socket: keep only warnings and errors.
  const quiet = logger.child({ component: "api" }, { level: "warn" });
  return Fastify({ ...common, loggerInstance: quiet as FastifyBaseLogger });
}
