/** The API's routes on a fastify instance: thin adapters from HTTP to ApiHandlers. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ExitCode, HwError } from "../../core/index.js";
import { ApiErrorCode, toErrorResponse } from "./api-errors.js";
import type { ApiHandlers, EventsQuery } from "./api-types.js";

const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

type Query = Record<string, string | undefined>;

/** Follow streams still open, so closing the server can end them instead of waiting forever. */
export type OpenStreams = Set<AbortController>;

export function registerRoutes(app: FastifyInstance, handlers: ApiHandlers, streams: OpenStreams): void {
  app.get("/v1/ping", async () => ({ ok: true, pid: process.pid }));
  app.get("/v1/status", async (req: FastifyRequest<{ Querystring: Query }>) =>
    orOk(await handlers.status(req.query.project || undefined)),
  );
  app.post("/v1/plan", async (req) => orOk(await handlers.plan(req.body ?? {})));
  // Read-only: what a plan of the stored desired state would change now (the dashboard's view).
  app.get("/v1/plan", async (req: FastifyRequest<{ Querystring: Query }>) =>
    orOk(await handlers.plan({ project: req.query.project })),
  );
  app.post("/v1/apply", async (req) => orOk(await handlers.apply(req.body ?? {})));
  app.post("/v1/pause", async (req) => orOk(await handlers.pause(req.body ?? {})));
  app.post("/v1/resume", async (req) => orOk(await handlers.resume(req.body ?? {})));
  app.post("/v1/stop", async (req) => orOk(await handlers.stop(req.body ?? {})));
  app.post("/v1/start", async (req) => orOk(await handlers.start(req.body ?? {})));
  app.get("/metrics", async (_req, reply) => {
    const text = await handlers.metrics();
    return reply.type(PROMETHEUS_CONTENT_TYPE).send(text);
  });
  app.get("/v1/events", (req: FastifyRequest<{ Querystring: Query }>, reply) => {
    // Parse before hijacking, so a bad query still gets a proper 400.
    const query = parseEventsQuery(req.query);
    void streamEvents(reply, query, handlers, streams);
  });

  app.setNotFoundHandler((req, reply) => {
    const err = new HwError(ApiErrorCode.notFound, `no route ${req.method} ${req.url}`, {
      hint: "the daemon and this CLI may be different versions",
    });
    const { status, body } = toErrorResponse(err);
    void reply.status(status).send(body);
  });
  app.setErrorHandler((err, _req, reply) => {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) app.log.error({ code: body.error.code }, body.error.message);
    void reply.status(status).send(body);
  });
}

/** NDJSON, one event per line. A failure after the headers went out becomes a final error line. */
async function streamEvents(
  reply: FastifyReply,
  query: EventsQuery,
  handlers: ApiHandlers,
  streams: OpenStreams,
): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  const controller = new AbortController();
  streams.add(controller);
  res.on("close", () => controller.abort());
  // End the response on abort even if the handler is slow to notice, so close() never hangs.
  controller.signal.addEventListener("abort", () => res.end(), { once: true });
  res.writeHead(200, { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" });
  res.flushHeaders();
  const writeLine = (value: unknown) => {
    if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify(value)}\n`);
  };
  try {
    await handlers.events(query, writeLine, controller.signal);
  } catch (err) {
    if (!controller.signal.aborted) writeLine(toErrorResponse(err).body);
  } finally {
    streams.delete(controller);
    if (!res.writableEnded) res.end();
  }
}

export function parseEventsQuery(q: Query): EventsQuery {
  const query: EventsQuery = { follow: q.follow === "1" || q.follow === "true" };
  if (q.project) query.project = q.project;
  if (q.service) query.service = q.service;
  if (q.since) {
    if (Number.isNaN(Date.parse(q.since))) throw badQuery(`since=${q.since} is not an ISO timestamp`);
    query.since = q.since;
  }
  if (q.limit !== undefined) {
    const limit = Number(q.limit);
    if (!Number.isInteger(limit) || limit < 0) throw badQuery(`limit=${q.limit} is not a whole number`);
    query.limit = limit;
  }
  return query;
}

function badQuery(message: string): HwError {
  return new HwError(ApiErrorCode.badRequest, `bad events query: ${message}`, {
    hint: "use ?follow=1&service=NAME&since=2024-01-01T00:00:00Z&limit=100",
    exitCode: ExitCode.usage,
  });
}

/** Fastify cannot send `undefined`; a handler with nothing to say still answers. */
function orOk(value: unknown): unknown {
  return value ?? { ok: true };
}
