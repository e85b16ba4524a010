export { type AppleAdapterOptions, type AppleRuntimeAdapter, createAppleAdapter } from "./apple-adapter.js";
export { appleCapabilities } from "./capabilities.js";
export { buildCreateArgs } from "./create-args.js";
export { decodeLabelValue, encodeLabelValue } from "./label-codec.js";
export { parseContainerList, toObservedContainer } from "./parse-containers.js";
export { parseJsonArray } from "./parse-json.js";
export {
  type AppleImage,
  parseImageList,
  parseNetworkList,
  parseSystemStatus,
  parseVolumeList,
} from "./parse-resources.js";
export type { PreflightResult } from "./preflight.js";
export { type UnsupportedField, unsupportedCreateFields, unsupportedFields } from "./unsupported-fields.js";
export { type CliVersion, gateCliVersion, parseCliVersion } from "./version.js";
