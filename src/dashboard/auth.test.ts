import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { COOKIE_NAME, installAuth } from "./auth.js";

const TOKEN = "t".repeat(43);

function app(secure = false) {
  const a = Fastify({ logger: false });
  installAuth(a, { token: TOKEN, secure });
  a.get("/v1/status", async () => ({ ok: true }));
  a.post("/v1/pause", async () => ({ paused: true }));
  return a;
}

const host = "127.0.0.1:8787";

describe("dashboard auth", () => {
  it("401 without a token or with a wrong one; bearer and cookie pass", async () => {
    const a = app();
    expect((await a.inject({ url: "/v1/status" })).statusCode).toBe(401);
    const wrong = await a.inject({ url: "/v1/status", headers: { authorization: "Bearer nope" } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe("HW-DASH-001");
    expect(wrong.body).not.toContain(TOKEN);
    const ok = { authorization: `Bearer ${TOKEN}` };
    expect((await a.inject({ url: "/v1/status", headers: ok })).statusCode).toBe(200);
    const cookie = { cookie: `other=1; ${COOKIE_NAME}=${TOKEN}` };
    expect((await a.inject({ url: "/v1/status", headers: cookie })).statusCode).toBe(200);
    expect((await a.inject({ url: "/v1/status", headers: { cookie: `${COOKIE_NAME}=x` } })).statusCode).toBe(
      401,
    );
  });

  it("trades ?token= for an HttpOnly SameSite=Strict cookie and a redirect without it", async () => {
    const r = await app(true).inject({ url: `/v1/status?project=a&token=${TOKEN}` });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe("/v1/status?project=a");
    expect(String(r.headers["set-cookie"])).toBe(
      `${COOKIE_NAME}=${TOKEN}; Path=/; Max-Age=2592000; HttpOnly; SameSite=Strict; Secure`,
    );
    expect((await app().inject({ url: "/?token=wrong" })).statusCode).toBe(401);
    expect((await app().inject({ method: "POST", url: `/v1/pause?token=${TOKEN}` })).statusCode).toBe(401);
  });

  it("checks Origin on mutations: ours passes, a foreign one or none with a cookie is 403", async () => {
    const a = app();
    const cookie = `${COOKIE_NAME}=${TOKEN}`;
    const post = (headers: Record<string, string>) =>
      a.inject({ method: "POST", url: "/v1/pause", headers: { host, ...headers } });
    expect((await post({ cookie, origin: `http://${host}` })).statusCode).toBe(200);
    expect((await post({ cookie, origin: "http://evil.example" })).statusCode).toBe(403);
    expect((await post({ cookie, origin: `https://${host}` })).statusCode).toBe(403);
    expect((await post({ cookie })).statusCode).toBe(403);
    expect((await post({ authorization: `Bearer ${TOKEN}` })).statusCode).toBe(200);
    expect((await post({ authorization: `Bearer ${TOKEN}`, origin: "http://evil.example" })).statusCode).toBe(
      403,
    );
  });
});
