/** Where the state lives, and making sure that place exists, is private (0700) and writable. */
import { accessSync, chmodSync, constants, mkdirSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { storeDirUnavailable } from "./store-errors.js";

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/** --state-dir flag > HOSTWRIGHT_STATE_DIR > $XDG_STATE_HOME/hostwright > ~/.local/state/hostwright */
export function resolveStateDir(opts: { flag?: string; env: NodeJS.ProcessEnv }): string {
  const { flag, env } = opts;
  if (flag !== undefined && flag !== "") return resolve(flag);
  const fromEnv = env.HOSTWRIGHT_STATE_DIR;
  if (fromEnv !== undefined && fromEnv !== "") return resolve(fromEnv);
  // The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
  const xdg = env.XDG_STATE_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, "hostwright");
  const home = env.HOME !== undefined && env.HOME !== "" ? env.HOME : homedir();
  return join(home, ".local", "state", "hostwright");
}

/**
 * Creates the directory (0700) or tightens an existing one that is group/world accessible:
 * the store holds ownership records and event history that other local users have no business
 * reading. Throws HW-STORE-003 when it cannot be created or written.
 */
export function prepareStateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    tightenMode(dir, DIR_MODE);
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw storeDirUnavailable(dir, err);
  }
}

/** chmod only when the current mode is looser, so a deliberately stricter mode is kept. */
export function tightenMode(path: string, mode: number): void {
  const current = statSync(path).mode & 0o777;
  if ((current & ~mode) !== 0) chmodSync(path, current & mode);
}
