export {
  type ApplyProjectOptions,
  type ApplyProjectResult,
  applyProject,
} from "./apply-project.js";
export { makeAwaitCondition } from "./await-condition.js";
export { type DownProjectOptions, type DownProjectResult, downProject } from "./down-project.js";
export { type ExecuteOptions, executeProjectPlan } from "./execute.js";
export { type OperatorOutcome, operatorStopStart } from "./operator-stop.js";
export { type FlowPurpose, type PreparedFlow, prepareFlow, projectEvent } from "./prepare.js";
export { ownershipView, type PreparedPlan, planRuntime, preparePlan, specHistory } from "./project-plan.js";
export { pruneStaleOwnership } from "./prune-ownership.js";
export { type RecoveryItem, recoverInterrupted } from "./recover.js";
export { type ResolvedSecrets, resolveSecretRef, resolveSecrets } from "./resolve-secrets.js";
export type { RecordedRecovery, RollbackOutcome } from "./rollback-flow.js";
export { assertRuntimeSupports, unsupportedFields } from "./runtime-support.js";
export { compareStoreWithEngine, type Disagreement } from "./state-agreement.js";
export { buildStatus, type InstanceStatus, type ProjectStatus, type ServiceStatus } from "./status-model.js";
export { storedDesired } from "./stored-desired.js";
