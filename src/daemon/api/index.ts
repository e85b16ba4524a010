/**
 * The daemon's local API. Importing this index is cheap (node:http only): the server (fastify)
 * and the metrics (prom-client) load on first use, so the CLI can import the client freely.
 */
import type { HttpServer, HttpServerOptions } from "./http-server.js";
import type { DaemonMetrics, DaemonMetricsOptions } from "./metrics.js";
import type { ApiServer, ApiServerOptions } from "./server.js";

export { ApiErrorCode, httpStatusFor } from "./api-errors.js";
export type { ApiErrorBody, ApiHandlers, EventsQuery } from "./api-types.js";
export { ApiClient, type ApiClientOptions } from "./client.js";
export type {
  ApiServer,
  ApiServerOptions,
  DaemonMetrics,
  DaemonMetricsOptions,
  HttpServer,
  HttpServerOptions,
};

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const server = await import("./server.js");
  return server.startApiServer(options);
}

export async function createDaemonMetrics(options: DaemonMetricsOptions = {}): Promise<DaemonMetrics> {
  const metrics = await import("./metrics.js");
  return metrics.createDaemonMetrics(options);
}

/** The dashboard's TCP listener (fastify and the page load only when --http is given). */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const server = await import("./http-server.js");
  return server.startHttpServer(options);
}
