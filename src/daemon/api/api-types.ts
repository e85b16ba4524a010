import type { HwEvent } from "../../core/index.js";

/** What `GET /v1/events` accepts (query string: follow=1, project, service, since, limit). */
export interface EventsQuery {
  /** Keep the stream open and send new events as they happen. */
  follow: boolean;
  project?: string;
  service?: string;
  /** ISO timestamp: only events at or after it. */
  since?: string;
  /** At most this many past events before following. */
  limit?: number;
}

/**
 * The daemon's answers to API calls; the daemon implements it, the server only routes. Bodies
 * arrive as parsed JSON (`unknown`): validating them is the handler's job. Handlers throw HwError
 * for anything a user can meet; the server maps it to an HTTP status and a JSON error body.
 */
export interface ApiHandlers {
  status(project?: string): Promise<unknown>;
  /** Body {desired} (what the CLI sends) or {project}: the desired state the daemon last stored. */
  plan(body: unknown): Promise<unknown>;
  apply(body: unknown): Promise<unknown>;
  pause(body: unknown): Promise<unknown>;
  resume(body: unknown): Promise<unknown>;
  /** Operator stop/start ({project, service?}), the same flow as `hostwright stop`/`start`. */
  stop(body: unknown): Promise<unknown>;
  start(body: unknown): Promise<unknown>;
  /** Calls onEvent per event; resolves when done, or — with follow — once `signal` aborts. */
  events(query: EventsQuery, onEvent: (event: HwEvent) => void, signal: AbortSignal): Promise<void>;
  /** Prometheus text exposition. */
  metrics(): Promise<string>;
}

/** Every error response (and a failing event stream's last line) has this shape. */
export interface ApiErrorBody {
  error: { code: string; message: string; hint?: string; exitCode: number };
}
