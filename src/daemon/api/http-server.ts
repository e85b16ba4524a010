/**
 * `hostwright daemon --http ADDR`: the same API routes as the unix socket, plus the dashboard,
 * on a TCP listener (HTTPS with --tls-cert/--tls-key). Everything on it needs the dashboard
 * token; the dashboard module owns that boundary, this file only wires and listens.
 */
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { ExitCode, errorMessage, HwError } from "../../core/index.js";
import * as dashboard from "../../dashboard/index.js";
import { ApiErrorCode } from "./api-errors.js";
import type { ApiHandlers } from "./api-types.js";
import { parseEventsQuery, registerRoutes } from "./routes.js";
import { createApp } from "./server.js";

export interface HttpServerOptions {
  listen: dashboard.HttpListenOptions;
  stateDir: string;
  handlers: ApiHandlers;
  logger?: Logger;
}

export interface HttpServer {
  /** Base URL, without the token: safe to log. */
  readonly url: string;
  /** The URL to open once; never log it. */
  readonly urlWithToken: string;
  close(): Promise<void>;
}

export async function startHttpServer(opts: HttpServerOptions): Promise<HttpServer> {
  const addr = dashboard.checkListenPolicy(opts.listen);
  const https = addr.tls ? readTls(opts.listen) : undefined;
  const token = dashboard.ensureHttpToken(opts.stateDir);
  // Request lines would carry `?token=`; fastify's per-request logging stays off here.
  const app = createApp(opts.logger, {
    disableRequestLogging: true,
    ...(https ? { https } : {}),
  }) as FastifyInstance;
  const streams = new Set<AbortController>();
  await dashboard.mountDashboard(app, {
    token,
    secure: addr.tls,
    handlers: opts.handlers,
    streams,
    parseEventsQuery,
  });
  registerRoutes(app, opts.handlers, streams);
  try {
    await app.listen({ host: addr.host, port: addr.port });
  } catch (err) {
    await app.close().catch(() => undefined);
    throw new HwError(
      ApiErrorCode.listenFailed,
      `cannot listen on ${opts.listen.address}: ${errorMessage(err)}`,
      {
        hint: "pick another port, or stop whatever listens there",
        cause: err,
      },
    );
  }
  const port = (app.server.address() as AddressInfo).port;
  const url = dashboard.baseUrl(addr.host, port, addr.tls);
  dashboard.writeDashboardRecord(opts.stateDir, { url, pid: process.pid, tls: addr.tls });
  let closing: Promise<void> | undefined;
  return {
    url,
    urlWithToken: dashboard.urlWithToken(url, token),
    close() {
      closing ??= (async () => {
        dashboard.removeDashboardRecord(opts.stateDir);
        for (const stream of streams) stream.abort();
        await app.close();
      })();
      return closing;
    },
  };
}

function readTls(listen: dashboard.HttpListenOptions): { cert: Buffer; key: Buffer } {
  const read = (path: string | undefined, what: string) => {
    try {
      return readFileSync(path ?? "");
    } catch (err) {
      throw new HwError(
        dashboard.DashboardErrorCode.tlsUnreadable,
        `cannot read the TLS ${what} ${path}: ${errorMessage(err)}`,
        {
          hint: "give PEM files readable by the daemon's user",
          exitCode: ExitCode.usage,
        },
      );
    }
  };
  return { cert: read(listen.tlsCert, "certificate"), key: read(listen.tlsKey, "key") };
}
