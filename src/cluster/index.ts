/** Pure cluster judgement: drift, recommendations, summary states and failover decisions over a ClusterObservation. */
export { type AssessOptions, assessCluster, type ClusterAssessment } from "./assess-cluster.js";
export {
  type ClusterDesired,
  type ClusterDrift,
  ClusterDriftKind,
  type ClusterDriftOptions,
  compareDrift,
  type DriftSeverity,
  detectClusterDrift,
  ownedService,
} from "./cluster-drift.js";
export type * from "./cluster-observation.js";
export {
  type ClusterRecommendation,
  compareRecommendation,
  RECONCILE_EVENT,
  RecommendationKind,
  type RecommendationOptions,
  RecommendedAction,
  recommend,
} from "./cluster-recommendations.js";
export { type ClusterSummary, type SummaryState, summarizeCluster } from "./cluster-summary.js";
export {
  DEFAULT_SETTLE_MS,
  decideFailover,
  effectivePlacement,
  type FailoverDecision,
  FailoverDecisionKind,
  type FailoverInput,
  type ServiceLocation,
  type StayReason,
} from "./failover-decision.js";
export { advanceNodeHistory, type NodeHistory } from "./node-history.js";
export { isNodeOnline, type NodeOfflineReason, offlineReason } from "./node-state.js";
