/**
 * The CLI's side of the local API. Deliberately cheap to import (node:http only, no fastify or
 * prom-client): every CLI command asks "is a daemon running?" first.
 */
import { type ClientRequest, type IncomingMessage, request } from "node:http";
import { errorMessage, HwError, type HwEvent } from "../../core/index.js";
import { ApiErrorCode, fromErrorBody, isErrorBody } from "./api-errors.js";
import type { EventsQuery } from "./api-types.js";

export interface ApiClientOptions {
  /** Per-request limit for get/post; none by default because apply can pull images for minutes. */
  timeoutMs?: number;
}

const PING_TIMEOUT_MS = 2000;

export class ApiClient {
  readonly socketPath: string;
  readonly #timeoutMs: number | undefined;

  constructor(socketPath: string, options: ApiClientOptions = {}) {
    this.socketPath = socketPath;
    this.#timeoutMs = options.timeoutMs;
  }

  /** True when a daemon answers; false when none runs (no socket, stale socket, no answer). */
  async ping(): Promise<boolean> {
    try {
      await this.#send("GET", "/v1/ping", undefined, PING_TIMEOUT_MS);
      return true;
    } catch {
      return false;
    }
  }

  get<T = unknown>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    return this.#send("GET", withQuery(path, query), undefined, this.#timeoutMs) as Promise<T>;
  }

  post<T = unknown>(path: string, body: unknown = {}): Promise<T> {
    return this.#send("POST", path, body, this.#timeoutMs) as Promise<T>;
  }

  /**
   * Reads `GET /v1/events` as NDJSON, calling onEvent per line. Resolves when the daemon ends the
   * stream or `signal` aborts; rejects with the daemon's HwError if the stream reports one.
   */
  streamEvents(
    query: Partial<EventsQuery>,
    onEvent: (event: HwEvent) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const path = withQuery("/v1/events", {
      follow: query.follow ? "1" : undefined,
      project: query.project,
      service: query.service,
      since: query.since,
      limit: query.limit === undefined ? undefined : String(query.limit),
    });
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return resolve();
      const req = this.#request("GET", path);
      const onAbort = () => {
        req.destroy();
        resolve();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const fail = (err: HwError) => {
        signal?.removeEventListener("abort", onAbort);
        req.destroy();
        reject(err);
      };
      req.on("error", (err) => {
        if (!signal?.aborted) fail(this.#connectionError(err));
      });
      req.on("response", (res) => {
        if ((res.statusCode ?? 0) >= 400) {
          void readBody(res).then(
            (text) => fail(fromErrorBody(res.statusCode ?? 0, parseJson(text))),
            (err: unknown) => fail(this.#badResponse(err)),
          );
          return;
        }
        readLines(res, (line) => {
          const value = parseJson(line);
          if (isErrorBody(value)) throw fromErrorBody(200, value);
          onEvent(value as HwEvent);
        }).then(
          () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
          (err: unknown) => {
            if (!signal?.aborted) fail(err instanceof HwError ? err : this.#badResponse(err));
          },
        );
      });
      req.end();
    });
  }

  async #send(
    method: "GET" | "POST",
    path: string,
    body: unknown,
    timeoutMs: number | undefined,
  ): Promise<unknown> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = this.#request(method, path, payload);
      if (timeoutMs !== undefined) {
        req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs}ms`)));
      }
      req.on("error", (err) => reject(this.#connectionError(err)));
      req.on("response", resolve);
      req.end(payload);
    });
    const text = await readBody(res);
    const status = res.statusCode ?? 0;
    if (status >= 400) throw fromErrorBody(status, parseJson(text));
    try {
      return JSON.parse(text);
    } catch (err) {
      throw this.#badResponse(err);
    }
  }

  #request(method: string, path: string, payload?: string): ClientRequest {
    const headers: Record<string, string | number> = { accept: "application/json" };
    if (payload !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = Buffer.byteLength(payload);
    }
    // agent: false — one connection per call, closed after it, so nothing keeps the CLI alive.
    return request({ socketPath: this.socketPath, path, method, headers, agent: false });
  }

  #connectionError(err: unknown): HwError {
    return new HwError(
      ApiErrorCode.daemonUnreachable,
      `cannot reach the daemon at ${this.socketPath}: ${errorMessage(err)}`,
      {
        hint: "start it with `hostwright daemon` (or check its service), or run the command without a daemon",
        retryable: true,
        cause: err,
      },
    );
  }

  #badResponse(err: unknown): HwError {
    return new HwError(
      ApiErrorCode.badResponse,
      `the daemon sent a response this CLI cannot read: ${errorMessage(err)}`,
      {
        hint: "the daemon and this CLI may be different versions; restart the daemon",
      },
    );
  }
}

function withQuery(path: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, value);
  const qs = params.toString();
  return qs === "" ? path : `${path}?${qs}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function readBody(res: IncomingMessage): Promise<string> {
  res.setEncoding("utf8");
  let text = "";
  for await (const chunk of res) text += chunk;
  return text;
}

/** Splits a chunked body into lines; the callback may throw to stop reading. */
async function readLines(res: IncomingMessage, onLine: (line: string) => void): Promise<void> {
  res.setEncoding("utf8");
  let pending = "";
  for await (const chunk of res) {
    pending += chunk;
    let newline = pending.indexOf("\n");
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line !== "") onLine(line);
      newline = pending.indexOf("\n");
    }
  }
  if (pending.trim() !== "") onLine(pending.trim());
}
