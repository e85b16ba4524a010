export { SCHEMA_VERSION } from "./migrations.js";
export {
  deleteProjectState,
  getProjectState,
  type ProjectStateKey,
  type ProjectStateShapes,
  projectStateKey,
  type ResolvedImageUpdate,
  type ServiceImageUpdates,
  setProjectState,
} from "./project-state.js";
export { resolveStateDir } from "./state-dir.js";
export { DB_FILE, EVENTS_FILE, openStore, Store } from "./store.js";
export { LockErrorCode, StoreErrorCode } from "./store-errors.js";
export type {
  AcquireLockOptions,
  DesiredRevision,
  EventQuery,
  LockHandle,
  LockInfo,
  OperationRecord,
  OperationResolution,
  OperationStatus,
  OwnershipRecord,
  OwnershipState,
  PlanKind,
  ResourceKind,
  StoredEvent,
  StoredPlan,
} from "./store-types.js";
