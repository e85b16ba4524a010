export {
  type ApplyProjectOptions,
  type ApplyProjectResult,
  applyProject,
  projectEvent,
} from "./apply-project.js";
export { makeAwaitCondition } from "./await-condition.js";
export { operatorStopStart, STOPPED_SETTING } from "./operator-stop.js";
export { ownershipView, type PreparedPlan, preparePlan, specHistory } from "./project-plan.js";
export { pruneStaleOwnership } from "./prune-ownership.js";
export { type RecoveryItem, recoverInterrupted } from "./recover.js";
export {
  RECOVERY_SETTING,
  type RecordedRecovery,
  ROLLED_BACK_SETTING,
  type RollbackOutcome,
} from "./rollback-flow.js";
export { assertRuntimeSupports, unsupportedFields } from "./runtime-support.js";
export { compareStoreWithEngine, type Disagreement } from "./state-agreement.js";
export { buildStatus, type InstanceStatus, type ProjectStatus, type ServiceStatus } from "./status-model.js";
export { storedDesired } from "./stored-desired.js";
