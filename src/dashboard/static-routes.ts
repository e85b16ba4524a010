/**
 * The page itself: a few files read once from assets/ (next to this module in src/ and, copied by
 * the build, in dist/), served from memory with a strict CSP: nothing loads from anywhere else.
 */
import { readFile } from "node:fs/promises";
import type { FastifyInstance } from "fastify";

const ASSETS = new URL("./assets/", import.meta.url);

const FILES = [
  { route: "/", file: "index.html", type: "text/html; charset=utf-8" },
  { route: "/dashboard.css", file: "dashboard.css", type: "text/css; charset=utf-8" },
  { route: "/dashboard.js", file: "dashboard.js", type: "text/javascript; charset=utf-8" },
  { route: "/view.js", file: "view.js", type: "text/javascript; charset=utf-8" },
  { route: "/dom.js", file: "dom.js", type: "text/javascript; charset=utf-8" },
] as const;

/** No inline script or style, no third-party origin, no framing, no referrer (the URL once had the token). */
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-cache",
};

export async function registerStaticRoutes(app: FastifyInstance): Promise<void> {
  for (const f of FILES) {
    const body = await readFile(new URL(f.file, ASSETS));
    app.get(f.route, async (_req, reply) => reply.headers(SECURITY_HEADERS).type(f.type).send(body));
  }
}
