/**
 * The daemon's per-service summary state from what a pass knows. The states and their order
 * (projectSummary) live in core/summary-state.ts, shared with the cluster judgement.
 */
import { projectSummary, type SummaryState } from "../../core/index.js";

export { projectSummary, type SummaryState };

export interface ServiceSummaryInput {
  desired: number;
  running: number;
  ready: number;
  /** Drift kinds still open for the service. */
  drift: readonly string[];
  /** An instance is crash-looping. */
  unstable: boolean;
  /** A repair is blocked (rate limit, window, pause, clash, retries exhausted). */
  blocked: boolean;
  /** A repair is in flight. */
  reconciling: boolean;
}

export function serviceSummary(input: ServiceSummaryInput): SummaryState {
  if (input.unstable || input.blocked) return "unstable";
  if (input.reconciling) return "reconciling";
  const short = input.running < input.desired || input.ready < input.desired;
  if (input.drift.length > 0 || short) return "degraded";
  return "nominal";
}
