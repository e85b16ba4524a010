/**
 * A scripted stand-in for the Docker Engine on a temporary unix socket, for unit tests of the
 * client and adapter without a real engine. Routes match "METHOD /path" after the /vX.Y prefix
 * is stripped; every request is recorded with its version prefix so tests can check negotiation.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RecordedRequest {
  method: string;
  /** Full path as received, e.g. "/v1.41/containers/json?all=true". */
  url: string;
  /** Path without version prefix and query. */
  path: string;
  query: URLSearchParams;
  body: string;
}

export type FakeRoute = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

export interface FakeEngine {
  host: string;
  socketPath: string;
  requests: RecordedRequest[];
  route(key: string, handler: FakeRoute): void;
  close(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

export async function startFakeEngine(
  opts: { apiVersion?: string; server?: string } = {},
): Promise<FakeEngine> {
  const dir = mkdtempSync(join(tmpdir(), "hw-fake-engine-"));
  const socketPath = join(dir, "docker.sock");
  const routes = new Map<string, FakeRoute>();
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "",
        // Decoded like the real engine does: image names arrive as app%3A2.
        path: decodeURIComponent(url.pathname).replace(/^\/v\d+\.\d+/, ""),
        query: url.searchParams,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      res.setHeader("Api-Version", opts.apiVersion ?? "1.41");
      res.setHeader("Server", opts.server ?? "Docker/20.10.24 (linux)");
      const handler = routes.get(`${recorded.method} ${recorded.path}`);
      if (handler) {
        void Promise.resolve(handler(recorded, res));
      } else if (recorded.path === "/_ping") {
        res.end("OK");
      } else {
        sendJson(res, 404, { message: `no route for ${recorded.method} ${recorded.path}` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    host: `unix://${socketPath}`,
    socketPath,
    requests,
    route: (key, handler) => {
      routes.set(key, handler);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One frame of the multiplexed stream format: [stream,0,0,0,size u32be] + payload. */
export function muxFrame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, "utf8");
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}
