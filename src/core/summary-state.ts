/**
 * The Runtime Supervisor's summary states, shared by the single-machine daemon, the cluster
 * judgement and notifications (one definition, one order):
 * - nominal: desired and actual agree;
 * - degraded: non-critical drift; reconciliation required;
 * - unstable: critical drift (a crash loop) or a blocked reconciliation;
 * - reconciling: repairs are being applied right now.
 */
export type SummaryState = "nominal" | "degraded" | "unstable" | "reconciling";

/** Worst first: a project is as bad as its worst service. */
const SEVERITY: Record<SummaryState, number> = { nominal: 0, degraded: 1, reconciling: 2, unstable: 3 };

/** The worst of the states; an empty project (nothing declared) is nominal. */
export function projectSummary(states: readonly SummaryState[]): SummaryState {
  return states.reduce<SummaryState>((worst, s) => (SEVERITY[s] > SEVERITY[worst] ? s : worst), "nominal");
}
