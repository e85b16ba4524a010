/**
 * http probe: GET the path; 2xx and 3xx are healthy (redirects are not followed, as in
 * Kubernetes). https does not verify the certificate: probes talk to the instance itself, whose
 * certificate is usually issued for a public name, not its IP. A fresh connection per probe (a
 * pooled socket would hide a server that stopped accepting), with `Connection: close`.
 *
 * Written on node:net/node:tls rather than node:http: an idle daemon probes several times a
 * second, so this is its main CPU cost, and a probe needs only the status line and a body prefix.
 * http's request/response objects, parser and abort signal cost about twice the CPU per probe.
 */
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { ResponsePrefixReader } from "./http-response-prefix.js";
import { formatHostPort } from "./probe-address.js";
import type { ProbeOutcome } from "./probe-outcome.js";
import { MAX_PROBE_OUTPUT_BYTES } from "./probe-output.js";

/** RFC 9110 token characters, for header names. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export async function httpProbe(
  address: { host: string; port: number },
  action: { path: string; scheme: "http" | "https"; headers: Record<string, string> },
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const path = action.path.startsWith("/") ? action.path : `/${action.path}`;
  const hostPort = formatHostPort(address.host, address.port);
  const url = `${action.scheme}://${hostPort}${path}`;
  const { status, body } = await get(address, requestHead(path, hostPort, action.headers), action, timeoutMs);
  const output = `HTTP ${status}${body.length > 0 ? `\n${body}` : ""}`;
  if (status >= 200 && status < 400) return { ok: true, output };
  return { ok: false, output, error: `GET ${url} answered ${status}` };
}

/** The request head; throws on a header that would split it (as node:http refuses them). */
export function requestHead(path: string, hostPort: string, headers: Record<string, string>): string {
  if (/[\r\n\0 ]/.test(path)) throw new Error(`invalid character in probe path ${JSON.stringify(path)}`);
  let head = `GET ${path} HTTP/1.1\r\n`;
  let hasHost = false;
  for (const [name, value] of Object.entries(headers)) {
    if (!TOKEN.test(name)) throw new Error(`invalid probe header name ${JSON.stringify(name)}`);
    if (/[\r\n\0]/.test(value)) throw new Error(`invalid character in probe header ${name}`);
    const lower = name.toLowerCase();
    if (lower === "connection" || lower === "content-length" || lower === "transfer-encoding") continue;
    if (lower === "host") hasHost = true;
    head += `${name}: ${value}\r\n`;
  }
  if (!hasHost) head += `Host: ${hostPort}\r\n`;
  return `${head}Connection: close\r\n\r\n`;
}

function get(
  address: { host: string; port: number },
  head: string,
  action: { scheme: "http" | "https" },
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const reader = new ResponsePrefixReader(MAX_PROBE_OUTPUT_BYTES);
    const socket: Socket =
      action.scheme === "https"
        ? tlsConnect({ host: address.host, port: address.port, rejectUnauthorized: false })
        : netConnect({ host: address.host, port: address.port });
    let settled = false;
    const settle = (err: Error | undefined, value?: { status: number; body: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value!);
    };
    const timer = setTimeout(() => {
      settle(Object.assign(new Error(`timed out after ${timeoutMs}ms`), { name: "TimeoutError" }));
    }, timeoutMs);
    socket.once(action.scheme === "https" ? "secureConnect" : "connect", () => socket.write(head));
    socket.on("data", (data: Buffer) => {
      try {
        const prefix = reader.push(data);
        if (prefix) settle(undefined, prefix);
      } catch (err) {
        settle(err as Error);
      }
    });
    socket.once("end", () => {
      try {
        settle(undefined, reader.end());
      } catch (err) {
        settle(err as Error);
      }
    });
    socket.once("error", (err) => settle(err));
  });
}
