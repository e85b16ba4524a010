import { pino } from "pino";

export type Logger = pino.Logger;

/** JSON lines on stderr, flushed synchronously so nothing is lost when the daemon stops. */
export function daemonLogger(level = process.env.HOSTWRIGHT_LOG_LEVEL ?? "info"): Logger {
  return pino(
    { level, base: { pid: process.pid, name: "hostwright" } },
    pino.destination({ fd: 2, sync: true }),
  );
}
