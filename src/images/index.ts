export { nextCheckAt } from "./check-schedule.js";
export {
  type ImageUpdateReason,
  type ImageUpdateRecord,
  imageUpdateReasons,
  type OverrideUse,
  overrideSpecs,
  recordInUse,
  type ServiceImageRecords,
  withImageOverrides,
} from "./image-overrides.js";
export { pinnedImage, type SplitImage, shortDigest, splitImage, taggedImage } from "./image-ref.js";
export {
  type CandidateVerdict,
  type CurrentImage,
  judgeCandidate,
  type KnownImages,
  targetTag,
} from "./judge-candidate.js";
export { type ResolvedCheck, resolveUpdate, type TagRegistry } from "./resolve-update.js";
export { policyTagProblem, selectTag } from "./select-candidate.js";
export { compareVersions, parseVersionTag, type VersionTag } from "./semver.js";
export { imageUpdateStatus, type ServiceImageStatus, type StoredImageUpdates } from "./update-status.js";
