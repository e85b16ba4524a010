/** The real POST against real servers on loopback: status handling and the per-attempt timeout. */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { httpPost } from "./http-post.js";

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(answer: (res: ServerResponse, body: string) => void): Promise<string> {
  const s = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => {
      body += d.toString();
    });
    req.on("end", () => answer(res, `${req.method} ${req.headers["content-type"]} ${body}`));
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/hook/TOKEN`;
}

const req = { body: '{"a":1}', headers: { "content-type": "application/json" } };
const never = new AbortController().signal;

describe("httpPost", () => {
  it("POSTs the body with its headers; 2xx is sent", async () => {
    let seen = "";
    const url = await serve((res, body) => {
      seen = body;
      res.writeHead(204).end();
    });
    expect(await httpPost(url, req, 5000, never)).toEqual({ ok: true, status: 204 });
    expect(seen).toBe('POST application/json {"a":1}');
  });

  it("retries 5xx and 429, not other 4xx, and does not follow redirects", async () => {
    const status = (code: number) =>
      serve((res) => res.writeHead(code, { location: "http://127.0.0.1:1/" }).end());
    expect(await httpPost(await status(503), req, 5000, never)).toEqual({
      ok: false,
      status: 503,
      code: "http-503",
      retryable: true,
    });
    expect(await httpPost(await status(429), req, 5000, never)).toMatchObject({ retryable: true });
    expect(await httpPost(await status(404), req, 5000, never)).toMatchObject({
      code: "http-404",
      retryable: false,
    });
    expect(await httpPost(await status(302), req, 5000, never)).toMatchObject({
      code: "http-302",
      retryable: false,
    });
  });

  it("ends an attempt to a receiver that never answers with a timeout", async () => {
    const url = await serve(() => {});
    expect(await httpPost(url, req, 200, never)).toEqual({ ok: false, code: "timeout", retryable: true });
  });

  it("says connection refused by code", async () => {
    const url = await serve((res) => res.end());
    servers[0]?.close();
    servers.splice(0);
    await new Promise((r) => setTimeout(r, 10));
    expect(await httpPost(url, req, 1000, never)).toMatchObject({ ok: false, code: "econnrefused" });
  });
});
