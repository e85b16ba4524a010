/**
 * `GET /v1/events/stream`: the daemon's event stream as server-sent events, for the page (an
 * EventSource cannot read NDJSON). Fed by the same ApiHandlers.events as `GET /v1/events`, so it
 * sees exactly what `hostwright events --follow` sees. A `hello` event starts every connection,
 * so a reconnecting page knows the history that follows replaces what it had.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ApiHandlers, EventsQuery } from "../daemon/api/index.js";

/** Proxies and browsers drop idle connections; a comment line keeps this one open. */
const HEARTBEAT_MS = 15_000;

export interface EventStreamOptions {
  handlers: Pick<ApiHandlers, "events">;
  /** The server's open streams, so closing it ends this one too. */
  streams: Set<AbortController>;
  parseQuery: (q: Record<string, string | undefined>) => EventsQuery;
}

export function registerEventStream(app: FastifyInstance, opts: EventStreamOptions): void {
  app.get(
    "/v1/events/stream",
    (req: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply) => {
      const query = { ...opts.parseQuery(req.query), follow: true };
      reply.hijack();
      const res = reply.raw;
      const controller = new AbortController();
      opts.streams.add(controller);
      res.on("close", () => controller.abort());
      controller.signal.addEventListener("abort", () => res.end(), { once: true });
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        "x-accel-buffering": "no",
      });
      const write = (text: string) => {
        if (!res.writableEnded && !res.destroyed) res.write(text);
      };
      write("retry: 2000\nevent: hello\ndata: {}\n\n");
      const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
      heartbeat.unref();
      void opts.handlers
        .events(query, (e) => write(`event: hw\ndata: ${JSON.stringify(e)}\n\n`), controller.signal)
        .catch((err: unknown) =>
          write(`event: failure\ndata: ${JSON.stringify({ message: String(err) })}\n\n`),
        )
        .finally(() => {
          clearInterval(heartbeat);
          opts.streams.delete(controller);
          if (!res.writableEnded) res.end();
        });
    },
  );
}
