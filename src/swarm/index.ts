export { executeSwarmPlan, type SwarmOpResult } from "./execute-swarm-plan.js";
export { type FailoverPassOptions, type FailoverPassResult, runFailoverPass } from "./failover-pass.js";
export {
  type FailoverMove,
  failoversOf,
  guardFailover,
  judgeFailovers,
  locationOf,
  locationsOf,
} from "./failover-plan.js";
export { planSwarmDown, planSwarmServices, projectNetworks, provablyOwned } from "./plan-services.js";
export { renderSwarmOp, renderSwarmPlan, renderSwarmReason } from "./render-swarm-plan.js";
export {
  applySwarm,
  assertSwarmSupports,
  downSwarm,
  planSwarm,
  type SwarmApplyOutcome,
  type SwarmFlowOptions,
} from "./swarm-flows.js";
export type * from "./swarm-plan-types.js";
export {
  nodeRows,
  observeSwarmStatus,
  type SwarmNodeRow,
  type SwarmStatus,
  swarmStatusOf,
} from "./swarm-status.js";
