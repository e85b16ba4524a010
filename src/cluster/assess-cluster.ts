import {
  type ClusterDesired,
  type ClusterDrift,
  type ClusterDriftOptions,
  detectClusterDrift,
} from "./cluster-drift.js";
import type { ClusterObservation } from "./cluster-observation.js";
import {
  type ClusterRecommendation,
  type RecommendationOptions,
  recommend,
} from "./cluster-recommendations.js";
import { type ClusterSummary, summarizeCluster } from "./cluster-summary.js";
import { advanceNodeHistory, type NodeHistory } from "./node-history.js";

/** Everything `status` and the daemon need to judge a cluster project, from one observation. */
export interface ClusterAssessment {
  project: string;
  observedAt: string;
  drift: ClusterDrift[];
  recommendations: ClusterRecommendation[];
  summary: ClusterSummary;
  /** The history the recommendations used (advanced with this observation). */
  history: NodeHistory[];
}

export type AssessOptions = ClusterDriftOptions &
  Omit<RecommendationOptions, "now" | "history"> & {
    /** The previous history (the daemon keeps it); absent = this is the first observation. */
    history?: readonly NodeHistory[];
    reconciling?: readonly string[];
  };

/** Pure: drift → recommendations → summary, in that order, for one observation. */
export function assessCluster(
  desired: ClusterDesired,
  obs: ClusterObservation,
  opts: AssessOptions = {},
): ClusterAssessment {
  const track = desired.services.flatMap((s) => [
    ...(s.placement?.nodes ?? []),
    ...(s.placement?.failover ?? []),
  ]);
  const history = advanceNodeHistory(opts.history ?? [], obs, track);
  const drift = detectClusterDrift(desired, obs, opts);
  const recommendations = recommend(desired, drift, { ...opts, history, now: obs.observedAt });
  const summary = summarizeCluster(desired, obs, drift, recommendations, opts.reconciling);
  return { project: desired.project, observedAt: obs.observedAt, drift, recommendations, summary, history };
}
