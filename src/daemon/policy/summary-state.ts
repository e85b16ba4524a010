/**
 * The Runtime Supervisor's summary states:
 * - nominal: desired and actual agree;
 * - degraded: non-critical drift; reconciliation required;
 * - unstable: critical drift (a crash loop) or a blocked reconciliation;
 * - reconciling: repairs are being applied right now.
 */
export type SummaryState = "nominal" | "degraded" | "unstable" | "reconciling";

/** Worst first: a project is as bad as its worst service. */
const SEVERITY: Record<SummaryState, number> = { nominal: 0, degraded: 1, reconciling: 2, unstable: 3 };

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

/** An empty project (nothing declared) is nominal. */
export function projectSummary(states: readonly SummaryState[]): SummaryState {
  return states.reduce<SummaryState>((worst, s) => (SEVERITY[s] > SEVERITY[worst] ? s : worst), "nominal");
}
