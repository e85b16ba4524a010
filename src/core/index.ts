export * from "./canonical-json.js";
export * from "./desired.js";
export * from "./errors.js";
export * from "./events.js";
export * from "./labels.js";
export * from "./runtime.js";
export * from "./short-id.js";
export * from "./units.js";
