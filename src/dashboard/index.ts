/**
 * The dashboard: a page the daemon serves over HTTP, and its boundary (token, cookie, Origin, an
 * SSE view of the event stream). The daemon mounts it on its HTTP listener; the dashboard reaches
 * daemon state only through the ApiHandlers it is given, the same ones the unix socket serves.
 */
import type { FastifyInstance } from "fastify";
import type { ApiHandlers, EventsQuery } from "../daemon/api/index.js";
import { installAuth } from "./auth.js";
import { registerEventStream } from "./event-stream.js";
import { registerStaticRoutes } from "./static-routes.js";

export { DashboardErrorCode } from "./dashboard-errors.js";
export {
  baseUrl,
  type DashboardRecord,
  readDashboardRecord,
  removeDashboardRecord,
  urlWithToken,
  writeDashboardRecord,
} from "./dashboard-record.js";
export { ensureHttpToken, readHttpToken, tokenPath, tokensMatch } from "./http-token.js";
export {
  checkListenPolicy,
  type HttpListenOptions,
  isLoopback,
  parseListenAddress,
} from "./listen-address.js";

export interface MountOptions {
  token: string;
  secure: boolean;
  handlers: Pick<ApiHandlers, "events">;
  streams: Set<AbortController>;
  parseEventsQuery: (q: Record<string, string | undefined>) => EventsQuery;
}

/** Call before the API's routes are registered: the auth hook must guard every one of them. */
export async function mountDashboard(app: FastifyInstance, opts: MountOptions): Promise<void> {
  installAuth(app, { token: opts.token, secure: opts.secure });
  await registerStaticRoutes(app);
  registerEventStream(app, {
    handlers: opts.handlers,
    streams: opts.streams,
    parseQuery: opts.parseEventsQuery,
  });
}
