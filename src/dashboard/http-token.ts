/**
 * The dashboard's access token: 32 random bytes in <state-dir>/http-token (mode 0600), created on
 * the daemon's first start with --http and kept across restarts, so a bookmarked URL keeps working.
 * Compared in constant time; never logged.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ExitCode, errorMessage, HwError } from "../core/index.js";
import { DashboardErrorCode } from "./dashboard-errors.js";

export const TOKEN_FILE = "http-token";
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function tokenPath(stateDir: string): string {
  return join(stateDir, TOKEN_FILE);
}

/** The existing token, or a new one written with mode 0600 (an unreadable or malformed file is an error). */
export function ensureHttpToken(stateDir: string): string {
  const path = tokenPath(stateDir);
  const existing = readTokenIfPresent(path);
  if (existing !== undefined) {
    // A token file others can read is as good as published: tighten it rather than trust it less.
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return existing;
  }
  const token = randomBytes(32).toString("base64url");
  try {
    // "wx": never overwrite a token another daemon start wrote in the meantime.
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: "wx" });
    return token;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return readHttpToken(stateDir);
    throw unreadable(path, err);
  }
}

/** The token the daemon uses, for `hostwright dashboard`. */
export function readHttpToken(stateDir: string): string {
  const path = tokenPath(stateDir);
  const token = readTokenIfPresent(path);
  if (token === undefined)
    throw new HwError(DashboardErrorCode.noDashboard, `no dashboard token in ${path}`, {
      hint: "start the daemon with `hostwright daemon --http 127.0.0.1:8787`",
    });
  return token;
}

function readTokenIfPresent(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw unreadable(path, err);
  }
  const token = text.trim();
  if (!TOKEN_PATTERN.test(token))
    throw new HwError(DashboardErrorCode.tokenUnreadable, `${path} does not hold a dashboard token`, {
      hint: "delete the file and restart the daemon to create a new token",
      exitCode: ExitCode.usage,
    });
  return token;
}

/** Constant time whatever the lengths: both sides are hashed to 32 bytes first. */
export function tokensMatch(expected: string, given: string | undefined): boolean {
  if (given === undefined || given === "") return false;
  const a = createHash("sha256").update(expected).digest();
  const b = createHash("sha256").update(given).digest();
  return timingSafeEqual(a, b);
}

function unreadable(path: string, err: unknown): HwError {
  return new HwError(
    DashboardErrorCode.tokenUnreadable,
    `cannot read or write ${path}: ${errorMessage(err)}`,
    {
      hint: "check that the state directory is writable by this user",
      cause: err,
    },
  );
}
