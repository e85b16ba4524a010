/**
 * The daemon's policy building blocks: pure decisions (time passed in, randomness injectable)
 * that the supervisor loop combines. None of them performs I/O.
 */
export { type BackoffSnapshot, type BackoffSpec, doublingDelayMs, RestartBackoff } from "./backoff.js";
export {
  type CrashLoopInput,
  type CrashLoopVerdict,
  crashLoopOf,
  DEFAULT_CRASH_LOOP_THRESHOLD,
  detectCrashLoop,
} from "./crash-loop.js";
export {
  type ActionDecision,
  type ActionInput,
  decideAction,
  type GuardedDriftKind,
  type RepairAction,
  type Verdict,
} from "./decide-action.js";
export { assertValidWindows, isInsideWindow, nextWindowStart } from "./maintenance-window.js";
export { PolicyErrorCode } from "./policy-error-codes.js";
export { type RateDecision, type RateLimit, RateLimiter } from "./rate-limit.js";
export {
  decideRestart,
  type RestartDecision,
  type RestartInput,
  type RestartOutcome,
  stopSurvivesDaemonRestart,
} from "./restart-decision.js";
export {
  projectSummary,
  type ServiceSummaryInput,
  type SummaryState,
  serviceSummary,
} from "./summary-state.js";
