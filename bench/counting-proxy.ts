/**
 * A counting unix-socket proxy between a tool and dockerd, so engine API calls are measured from
 * outside the tool (no trust in the tool's own counters). Each HTTP request is forwarded as is and
 * recorded as "METHOD /path" with the API version dropped and ids/names replaced by {id}.
 */
import { rmSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";

export interface CountingProxy {
  /** DOCKER_HOST value pointing at the proxy. */
  readonly dockerHost: string;
  reset(): void;
  counts(): { calls: number; byEndpoint: Record<string, number> };
  close(): Promise<void>;
}

export function normaliseEndpoint(method: string, url: string): string {
  const path = (url.split("?")[0] ?? "")
    .replace(/^\/v\d+\.\d+/, "")
    .replace(/^\/(containers|networks|volumes|exec)\/(?!json$|create$|prune$)[^/]+/, "/$1/{id}")
    .replace(/^\/images\/(?!json$|create$|prune$|load$|search$).+\/json$/, "/images/{ref}/json");
  return `${method} ${path}`;
}

export async function startCountingProxy(engineSocket: string, proxySocket: string): Promise<CountingProxy> {
  let byEndpoint = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const key = normaliseEndpoint(req.method ?? "GET", req.url ?? "/");
    byEndpoint.set(key, (byEndpoint.get(key) ?? 0) + 1);
    const upstream = httpRequest(
      { socketPath: engineSocket, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(upstream);
  });
  rmSync(proxySocket, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(proxySocket, () => resolve());
  });
  return {
    dockerHost: `unix://${proxySocket}`,
    reset: () => {
      byEndpoint = new Map();
    },
    counts: () => {
      const entries = [...byEndpoint].sort(([a], [b]) => a.localeCompare(b));
      return { calls: entries.reduce((sum, [, n]) => sum + n, 0), byEndpoint: Object.fromEntries(entries) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
