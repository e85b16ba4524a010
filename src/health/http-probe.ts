/**
 * http probe: GET the path; 2xx and 3xx are healthy (redirects are not followed, as in
 * Kubernetes). https does not verify the certificate: probes talk to the instance itself, whose
 * certificate is usually issued for a public name, not its IP. Built on node:http(s) with no
 * agent: a fresh connection per probe (a pooled socket would hide a server that stopped
 * accepting), and none of undici's per-request machinery — an idle daemon probes several times a
 * second, so this is the daemon's main CPU cost.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { formatHostPort } from "./probe-address.js";
import type { ProbeOutcome } from "./probe-outcome.js";
import { MAX_PROBE_OUTPUT_BYTES } from "./probe-output.js";

export async function httpProbe(
  address: { host: string; port: number },
  action: { path: string; scheme: "http" | "https"; headers: Record<string, string> },
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const path = action.path.startsWith("/") ? action.path : `/${action.path}`;
  const url = `${action.scheme}://${formatHostPort(address.host, address.port)}${path}`;
  const response = await get(address, path, action, timeoutMs);
  const body = await readPrefix(response, MAX_PROBE_OUTPUT_BYTES);
  const status = response.statusCode ?? 0;
  const output = `HTTP ${status}${body.length > 0 ? `\n${body}` : ""}`;
  if (status >= 200 && status < 400) return { ok: true, output };
  return { ok: false, output, error: `GET ${url} answered ${status}` };
}

function get(
  address: { host: string; port: number },
  path: string,
  action: { scheme: "http" | "https"; headers: Record<string, string> },
  timeoutMs: number,
): Promise<IncomingMessage> {
  const options = {
    host: address.host,
    port: address.port,
    path,
    method: "GET",
    headers: action.headers,
    agent: false as const,
    signal: AbortSignal.timeout(timeoutMs),
  };
  return new Promise((resolve, reject) => {
    const req =
      action.scheme === "https"
        ? httpsRequest({ ...options, rejectUnauthorized: false }, resolve)
        : httpRequest(options, resolve);
    req.once("error", reject);
    req.end();
  });
}

/** Reads at most `limit` bytes of the body and drops the rest (a probe never needs more). */
async function readPrefix(body: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  body.destroy();
  return Buffer.concat(chunks).toString("utf8");
}
