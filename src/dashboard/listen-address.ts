/**
 * `--http ADDR`: where the dashboard listens, and the rule that keeps it local. A non-loopback
 * address exposes the API (which can stop containers) to the network, so it needs both an explicit
 * --http-allow-remote and TLS; a loopback address may use TLS too.
 */
import { isIP } from "node:net";
import { ExitCode, HwError } from "../core/index.js";
import { DashboardErrorCode } from "./dashboard-errors.js";

export interface ListenAddress {
  host: string;
  port: number;
}

export interface HttpListenOptions {
  address: string;
  allowRemote?: boolean;
  tlsCert?: string;
  tlsKey?: string;
}

/** `127.0.0.1:8787`, `[::1]:8787`, `localhost:8787`; port 0 picks a free one. */
export function parseListenAddress(text: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text.trim());
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (!m || host === undefined || !Number.isInteger(port) || port > 65535)
    throw new HwError(DashboardErrorCode.badAddress, `--http ${text}: expected HOST:PORT`, {
      hint: "for example --http 127.0.0.1:8787 (or [::1]:8787)",
      exitCode: ExitCode.usage,
    });
  if (m[1] !== undefined && isIP(host) !== 6)
    throw new HwError(DashboardErrorCode.badAddress, `--http ${text}: [${host}] is not an IPv6 address`, {
      exitCode: ExitCode.usage,
    });
  return { host, port };
}

export function isLoopback(host: string): boolean {
  if (host === "localhost" || host === "::1") return true;
  return isIP(host) === 4 && host.startsWith("127.");
}

/** Refuses, before anything listens, what the operator did not explicitly ask for. */
export function checkListenPolicy(opts: HttpListenOptions): ListenAddress & { tls: boolean } {
  const addr = parseListenAddress(opts.address);
  if ((opts.tlsCert === undefined) !== (opts.tlsKey === undefined))
    throw new HwError(DashboardErrorCode.tlsIncomplete, "--tls-cert and --tls-key go together", {
      hint: "give both (PEM files), or neither for plain HTTP on loopback",
      exitCode: ExitCode.usage,
    });
  const tls = opts.tlsCert !== undefined;
  if (!isLoopback(addr.host)) {
    if (!opts.allowRemote)
      throw new HwError(
        DashboardErrorCode.remoteRefused,
        `--http ${opts.address} is not a loopback address: the dashboard would be reachable from the network`,
        {
          hint: "use 127.0.0.1:PORT, or add --http-allow-remote with --tls-cert and --tls-key",
          exitCode: ExitCode.usage,
        },
      );
    if (!tls)
      throw new HwError(
        DashboardErrorCode.remoteRefused,
        `--http ${opts.address}: a remote dashboard needs TLS`,
        {
          hint: "add --tls-cert cert.pem --tls-key key.pem",
          exitCode: ExitCode.usage,
        },
      );
  }
  return { ...addr, tls };
}
