/**
 * Where the running daemon's dashboard listens, recorded in <state-dir>/dashboard.json (without
 * the token) so `hostwright dashboard` can print the URL again; removed when the daemon stops.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const RECORD_FILE = "dashboard.json";

export interface DashboardRecord {
  /** Base URL without the token, e.g. http://127.0.0.1:8787/ */
  url: string;
  pid: number;
  tls: boolean;
}

export function writeDashboardRecord(stateDir: string, record: DashboardRecord): void {
  writeFileSync(join(stateDir, RECORD_FILE), `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

export function readDashboardRecord(stateDir: string): DashboardRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(join(stateDir, RECORD_FILE), "utf8")) as Partial<DashboardRecord>;
    if (typeof r.url !== "string" || typeof r.pid !== "number") return undefined;
    return { url: r.url, pid: r.pid, tls: r.tls === true };
  } catch {
    return undefined;
  }
}

export function removeDashboardRecord(stateDir: string): void {
  rmSync(join(stateDir, RECORD_FILE), { force: true });
}

/** The URL to open: the token rides once in the query and is traded for a cookie. */
export function urlWithToken(baseUrl: string, token: string): string {
  const u = new URL(baseUrl);
  u.searchParams.set("token", token);
  return u.toString();
}

export function baseUrl(host: string, port: number, tls: boolean): string {
  const h = host.includes(":") ? `[${host}]` : host;
  return `${tls ? "https" : "http"}://${h}:${port}/`;
}
