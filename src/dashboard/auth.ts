/**
 * Every request over HTTP proves it knows the token: an `Authorization: Bearer` header (scripts,
 * curl), or the cookie a browser got by opening the URL with `?token=` once. A state-changing
 * request must also come from this very origin, so another site the browser has open cannot make
 * it act with the cookie (SameSite=Strict already stops that; the Origin check does not rely on it).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { HwError } from "../core/index.js";
import { DashboardErrorCode } from "./dashboard-errors.js";
import { tokensMatch } from "./http-token.js";

export const COOKIE_NAME = "hostwright_dashboard";
/** A bookmark keeps working for a month; the token itself only changes when its file is deleted. */
const COOKIE_MAX_AGE_S = 30 * 24 * 3600;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface AuthOptions {
  token: string;
  /** Served over TLS: the cookie gets Secure and an Origin must be https. */
  secure: boolean;
}

type Credential = "bearer" | "cookie";

export function installAuth(app: FastifyInstance, opts: AuthOptions): void {
  app.addHook("onRequest", async (req, reply) => {
    const url = new URL(req.url, "http://dashboard.invalid");
    const fromQuery = url.searchParams.get("token");
    if (fromQuery !== null) {
      if (!SAFE_METHODS.has(req.method) || !tokensMatch(opts.token, fromQuery)) return deny(req, reply);
      // Trade the token in the URL for a cookie and drop it from the address bar and history.
      url.searchParams.delete("token");
      return reply
        .header("set-cookie", sessionCookie(opts))
        .header("cache-control", "no-store")
        .redirect(`${url.pathname}${url.search}`, 303);
    }
    const via = credential(req, opts.token);
    if (via === undefined) return deny(req, reply);
    if (!SAFE_METHODS.has(req.method) && !originAllowed(req, via, opts.secure)) {
      const err = new HwError(
        DashboardErrorCode.foreignOrigin,
        `${req.method} refused: the request's Origin is not this dashboard`,
        { hint: "actions are accepted only from the dashboard page itself" },
      );
      return reply.code(403).send({ error: err.toJSON() });
    }
    return undefined;
  });
}

function credential(req: FastifyRequest, token: string): Credential | undefined {
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m && tokensMatch(token, m[1]) ? "bearer" : undefined;
  }
  const cookie = readCookie(req.headers.cookie, COOKIE_NAME);
  return cookie !== undefined && tokensMatch(token, cookie) ? "cookie" : undefined;
}

/**
 * Browsers always send Origin on a cross-site or same-site POST; a bearer client (curl, a script)
 * usually sends none, and cannot be a forged browser request since a page cannot set that header
 * cross-site. So: no Origin is fine only with a bearer token; a present Origin must be ours.
 */
function originAllowed(req: FastifyRequest, via: Credential, secure: boolean): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return via === "bearer";
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return parsed.protocol === (secure ? "https:" : "http:") && parsed.host === req.headers.host;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sessionCookie(opts: AuthOptions): string {
  return `${COOKIE_NAME}=${opts.token}; Path=/; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict${opts.secure ? "; Secure" : ""}`;
}

function deny(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const err = new HwError(DashboardErrorCode.unauthorized, "this dashboard needs its token", {
    hint: "open the URL that `hostwright dashboard` prints, or send Authorization: Bearer <token>",
  });
  reply.code(401).header("www-authenticate", 'Bearer realm="hostwright"').header("cache-control", "no-store");
  if ((req.headers.accept ?? "").includes("text/html"))
    return reply
      .type("text/html; charset=utf-8")
      .send(
        `<!doctype html><html lang="en"><meta charset="utf-8"><title>Hostwright: token needed</title><main><h1>Token needed</h1><p>Open the URL that <code>hostwright dashboard</code> prints.</p></main></html>`,
      );
  return reply.send({ error: err.toJSON() });
}
