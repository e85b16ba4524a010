export { ApiClient } from "./api/index.js";
export { daemonLogger, type Logger } from "./logger.js";
export type { PassObserver, PassView } from "./pass-observers.js";
export { type PauseState, setPaused } from "./pause-state.js";
export { type DaemonOptions, runDaemon, SOCKET_NAME } from "./run-daemon.js";
