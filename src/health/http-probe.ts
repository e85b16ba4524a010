/**
 * http probe: GET the path; 2xx and 3xx are healthy (redirects are not followed, as in
 * Kubernetes). https does not verify the certificate: probes talk to the instance itself, whose
 * certificate is usually issued for a public name, not its IP.
 */
import { Agent, request } from "undici";
import { formatHostPort } from "./probe-address.js";
import type { ProbeOutcome } from "./probe-outcome.js";
import { MAX_PROBE_OUTPUT_BYTES } from "./probe-output.js";

let insecureAgent: Agent | undefined;

export async function httpProbe(
  address: { host: string; port: number },
  action: { path: string; scheme: "http" | "https"; headers: Record<string, string> },
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const path = action.path.startsWith("/") ? action.path : `/${action.path}`;
  const url = `${action.scheme}://${formatHostPort(address.host, address.port)}${path}`;
  if (action.scheme === "https") insecureAgent ??= new Agent({ connect: { rejectUnauthorized: false } });
  const response = await request(url, {
    method: "GET",
    headers: action.headers,
    signal: AbortSignal.timeout(timeoutMs),
    // A fresh connection per probe: a pooled socket would hide a server that stopped accepting.
    reset: true,
    ...(action.scheme === "https" && insecureAgent !== undefined ? { dispatcher: insecureAgent } : {}),
  });
  const body = await readPrefix(response.body, MAX_PROBE_OUTPUT_BYTES);
  const status = response.statusCode;
  const output = `HTTP ${status}${body.length > 0 ? `\n${body}` : ""}`;
  if (status >= 200 && status < 400) return { ok: true, output };
  return { ok: false, output, error: `GET ${url} answered ${status}` };
}

/** Reads at most `limit` bytes of the body and drops the rest (a probe never needs more). */
async function readPrefix(body: AsyncIterable<Buffer> & { destroy(): void }, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  body.destroy();
  return Buffer.concat(chunks).toString("utf8");
}
