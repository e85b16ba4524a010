/**
 * A small typed Docker Engine API client over undici. Negotiates the API version once from
 * `GET /_ping` (min of the server's and ours; never hard-coded, because Docker and Podman report
 * different ones) and prefixes every later request with /v<version>. Counts requests so
 * benchmarks and tests can assert how many engine calls an operation costs.
 */
import { Agent, type Dispatcher, request } from "undici";
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
  method?: Dispatcher.HttpMethod;
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
}

export interface EngineResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData["body"];
}

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
  private readonly dispatcher: Agent;
  private requests = 0;
  private version: string | undefined;
  private negotiating: Promise<string> | undefined;
  private serverHeader = "";

  constructor(host: string) {
    this.host = host;
    this.address = parseEngineAddress(host);
    this.dispatcher =
      this.address.kind === "unix"
        ? new Agent({ connect: { socketPath: this.address.socketPath } })
        : new Agent();
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
    await this.dispatcher.close();
  }

  private negotiate(): Promise<string> {
    // Concurrent first calls share one /_ping; a failed ping is retried by the next call.
    this.negotiating ??= this.ping().finally(() => {
      this.negotiating = undefined;
    });
    return this.negotiating;
  }

  private async send(
    method: Dispatcher.HttpMethod,
    path: string,
    query: Query,
    opts: Pick<EngineRequest, "body" | "rawBody" | "signal" | "stream" | "headersTimeoutMs" | "what">,
  ): Promise<EngineResponse> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    const qs = params.size > 0 ? `?${params.toString()}` : "";
    const origin = this.address.kind === "unix" ? "http://localhost" : this.address.origin;
    this.requests++;
    try {
      const res = await request(`${origin}${path}${qs}`, {
        method,
        dispatcher: this.dispatcher,
        headers: opts.rawBody
          ? { "content-type": opts.rawBody.contentType }
          : opts.body === undefined
            ? {}
            : { "content-type": "application/json" },
        body: opts.rawBody
          ? opts.rawBody.data
          : opts.body === undefined
            ? undefined
            : JSON.stringify(opts.body),
        signal: opts.signal,
        ...(opts.stream ? { bodyTimeout: 0 } : {}),
        ...(opts.headersTimeoutMs !== undefined ? { headersTimeout: opts.headersTimeoutMs } : {}),
      });
      return { status: res.statusCode, headers: res.headers, body: res.body };
    } catch (err) {
      // An abort is the caller's own doing: let it see its AbortError unchanged.
      if (opts.signal?.aborted) throw err;
      if (isUnreachable(err)) throw unavailableError(this.host, err);
      throw transportError(err, opts.what ?? `${method} ${path}`);
    }
  }
}
