export { type DiffResult, diffProject, type InstanceDiff } from "./diff.js";
export { containerProvenance } from "./ownership.js";
export { planConvergence } from "./plan.js";
export type { DownInput, OwnershipView, PlanInput } from "./plan-input.js";
export { networkName, volumeName } from "./plan-input.js";
export * from "./plan-types.js";
export { planToJson, renderOp, renderPlanText } from "./render-plan.js";
export { canonicalJson, instanceSpecHash, secretDigest, sha256 } from "./spec-hash.js";
