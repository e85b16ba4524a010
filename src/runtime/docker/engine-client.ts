/**
 * A small typed Docker Engine API client over node:http (a keep-alive Agent on the unix socket).
 * node:http rather than undici: undici's entry point cost ≈ 75 ms of every CLI run to load, for
 * nothing the Engine API needs. Negotiates the API version once from `GET /_ping` (min of the
 * server's and ours; never hard-coded, because Docker and Podman report different ones) and
 * prefixes every later request with /v<version>. Counts requests so benchmarks and tests can
 * assert how many engine calls an operation costs.
 */
import { Agent, request as httpRequest, type IncomingMessage } from "node:http";
import { type EngineAddress, parseEngineAddress } from "./engine-address.js";
import {
  engineMessage,
  isUnreachable,
  statusError,
  transportError,
  unavailableError,
} from "./engine-errors.js";

export const CLIENT_API_VERSION = "1.44";

type Query = Record<string, string | number | boolean | undefined>;

export interface EngineRequest {
  method?: HttpMethod;
  /** Path after the version prefix, e.g. "/containers/json". */
  path: string;
  query?: Query;
  /** Serialised as JSON. */
  body?: unknown;
  /** Sent as is instead of `body` (a tar archive for build and archive uploads). */
  rawBody?: { data: Buffer; contentType: string };
  /** Statuses that are not errors (2xx always are). e.g. 304 for start/stop, 404 for remove. */
  accept?: number[];
  signal?: AbortSignal;
  /** Streams (/events, logs follow, pulls, exec) must not time out while idle. */
  stream?: boolean;
  headersTimeoutMs?: number;
  /** Names the operation in error messages ("create container web-1"). */
  what?: string;
  /** Extra request headers (X-Registry-Auth on pulls). Never put into messages. */
  headers?: Record<string, string>;
}

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "PATCH";

/** A response body: read it whole (text, json), throw it away (dump), or iterate its chunks. */
export interface EngineBody extends AsyncIterable<Buffer> {
  text(): Promise<string>;
  json(): Promise<unknown>;
  /** Reads and discards the rest, so the connection goes back to the pool. */
  dump(): Promise<void>;
}

export interface EngineResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: EngineBody;
}

/** As undici's defaults were: an engine that answers nothing for 5 minutes is gone. */
const HEADERS_TIMEOUT_MS = 300_000;
/** A whole non-streaming body (lists, inspects) must arrive within this. */
const BODY_TIMEOUT_MS = 300_000;

export function compareApiVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split(".").map(Number);
  const [bMajor = 0, bMinor = 0] = b.split(".").map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/** Filters as the Engine API wants them: a JSON map of name → list of values. */
export function filtersParam(filters: Record<string, string[]>): string {
  return JSON.stringify(filters);
}

export class EngineClient {
  readonly host: string;
  private readonly address: EngineAddress;
  private readonly agent: Agent;
  private requests = 0;
  private version: string | undefined;
  private negotiating: Promise<string> | undefined;
  private serverHeader = "";

  constructor(host: string) {
    this.host = host;
    this.address = parseEngineAddress(host);
    // keepAlive: the calls of one command (and the daemon's passes) reuse a few connections.
    this.agent = new Agent({ keepAlive: true });
  }

  /** Engine API calls made so far (including /_ping). */
  get requestCount(): number {
    return this.requests;
  }

  /** The negotiated API version, once known. */
  get apiVersion(): string | undefined {
    return this.version;
  }

  /** True when the server identified itself as Podman (its compat API). */
  get isPodman(): boolean {
    return /libpod|podman/i.test(this.serverHeader);
  }

  /** GET /_ping (unversioned); (re)negotiates the API version. Throws `unavailable` when down. */
  async ping(): Promise<string> {
    const res = await this.send("GET", "/_ping", {}, { what: "ping engine" });
    const text = await res.body.text();
    if (res.status !== 200) throw statusError(res.status, engineMessage(text), "ping engine");
    const header = res.headers["api-version"];
    const server = typeof header === "string" ? header : CLIENT_API_VERSION;
    const libpod = res.headers["libpod-api-version"];
    this.serverHeader = `${String(res.headers.server ?? "")} ${libpod ? "libpod" : ""}`;
    this.version = compareApiVersions(server, CLIENT_API_VERSION) < 0 ? server : CLIENT_API_VERSION;
    return this.version;
  }

  /** A versioned request; throws HwError for statuses outside 2xx and `accept`. */
  async request(req: EngineRequest): Promise<EngineResponse> {
    const version = this.version ?? (await this.negotiate());
    const res = await this.send(req.method ?? "GET", `/v${version}${req.path}`, req.query ?? {}, req);
    if ((res.status >= 200 && res.status < 300) || req.accept?.includes(res.status)) return res;
    const text = await res.body.text().catch(() => "");
    throw statusError(res.status, engineMessage(text), req.what ?? `${req.method ?? "GET"} ${req.path}`);
  }

  /** A versioned request whose answer is JSON. */
  async json<T>(req: EngineRequest): Promise<T> {
    const res = await this.request(req);
    const text = await res.body.text();
    return (text.length > 0 ? JSON.parse(text) : undefined) as T;
  }

  /** A versioned request whose body is ignored (drained so the connection is reused). */
  async call(req: EngineRequest): Promise<number> {
    const res = await this.request(req);
    await res.body.dump();
    return res.status;
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }

  private negotiate(): Promise<string> {
    // Concurrent first calls share one /_ping; a failed ping is retried by the next call.
    this.negotiating ??= this.ping().finally(() => {
      this.negotiating = undefined;
    });
    return this.negotiating;
  }

  private async send(
    method: HttpMethod,
    path: string,
    query: Query,
    opts: Pick<
      EngineRequest,
      "body" | "rawBody" | "signal" | "stream" | "headersTimeoutMs" | "what" | "headers"
    >,
  ): Promise<EngineResponse> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.size > 0 ? `?${params.toString()}` : "";
    this.requests++;
    const payload = opts.rawBody
      ? opts.rawBody.data
      : opts.body === undefined
        ? undefined
        : Buffer.from(JSON.stringify(opts.body));
    const headers: Record<string, string | number> = { ...opts.headers };
    if (payload !== undefined) {
      headers["content-type"] = opts.rawBody ? opts.rawBody.contentType : "application/json";
      headers["content-length"] = payload.length;
    }
    try {
      const res = await this.exchange(method, `${path}${qs}`, headers, payload, opts);
      return {
        status: res.statusCode ?? 0,
        headers: res.headers,
        body: new ResponseBody(res, !opts.stream, opts.signal),
      };
    } catch (err) {
      // An abort is the caller's own doing: let it see its AbortError unchanged.
      if (opts.signal?.aborted) throw err;
      if (isUnreachable(err)) throw unavailableError(this.host, err);
      throw transportError(err, opts.what ?? `${method} ${path}`);
    }
  }

  /** One request; resolves at the response's headers. */
  private exchange(
    method: HttpMethod,
    path: string,
    headers: Record<string, string | number>,
    payload: Buffer | undefined,
    opts: Pick<EngineRequest, "signal" | "headersTimeoutMs">,
  ): Promise<IncomingMessage> {
    const target =
      this.address.kind === "unix"
        ? { socketPath: this.address.socketPath, host: "localhost" }
        : { host: new URL(this.address.origin).hostname, port: new URL(this.address.origin).port || 80 };
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest({
        ...target,
        method,
        path,
        headers,
        agent: this.agent,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      const timer = setTimeout(() => {
        req.destroy(codedError("HW_HEADERS_TIMEOUT", "the engine sent no answer in time"));
      }, opts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS);
      timer.unref();
      req.once("response", (res) => {
        clearTimeout(timer);
        resolve(res);
      });
      req.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      req.end(payload);
    });
  }
}

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The body of one response over an IncomingMessage (which already is an async iterable). */
class ResponseBody implements EngineBody {
  constructor(
    private readonly res: IncomingMessage,
    bounded: boolean,
    signal: AbortSignal | undefined,
  ) {
    // node:http ends a response quietly when its request is aborted; readers must see the abort.
    const onAbort = () => res.destroy(signal?.reason ?? codedError("ABORT_ERR", "aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = bounded
      ? setTimeout(() => {
          res.destroy(codedError("HW_BODY_TIMEOUT", "the engine's answer did not finish in time"));
        }, BODY_TIMEOUT_MS).unref()
      : undefined;
    res.once("close", () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    return this.res[Symbol.asyncIterator]();
  }

  async text(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.res) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async dump(): Promise<void> {
    for await (const _ of this.res) {
      // discarded
    }
  }
}
