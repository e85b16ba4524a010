export { type DiffResult, diffProject, type InstanceDiff } from "./diff.js";
export {
  type ApplyResult,
  type ExecutorDeps,
  executePlan,
  type OpProgress,
  type OpResult,
} from "./executor.js";
export type { OperationJournal, ResourceKind } from "./journal.js";
export { type Divergence, type OpReason, renderDivergence, renderReason } from "./op-reason.js";
export { containerProvenance } from "./ownership.js";
export { planConvergence } from "./plan.js";
export { planDown } from "./plan-down.js";
export type { DownInput, OwnershipView, PlanInput } from "./plan-input.js";
export { networkName, volumeName } from "./plan-input.js";
export { type OperatorInput, operatorTargets, planOperatorAction } from "./plan-operator.js";
export * from "./plan-types.js";
export { type PlanWarning, planWarnings, renderPlanWarning } from "./plan-warnings.js";
export { planToJson, renderOp, renderPlanText } from "./render-plan.js";
export { restrictPlan } from "./restrict-plan.js";
export { type RollbackVerdict, rollbackCandidates, withPreviousSpecs } from "./rollback.js";
export { canonicalJson, FILE_VALUE_PREFIX, instanceSpecHash, secretDigest, sha256 } from "./spec-hash.js";
