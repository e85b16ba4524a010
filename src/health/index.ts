export { HealthTracker } from "./health-tracker.js";
export { type ProbeAddress, resolveProbeAddress } from "./probe-address.js";
export { capOutput, MAX_PROBE_OUTPUT_BYTES } from "./probe-output.js";
export type { HealthState, HealthTransition, ProbeKind, ProbeResult, ProbeTarget } from "./probe-types.js";
export { runProbe } from "./run-probe.js";
export { type WaitForProbeOptions, type WaitForProbeResult, waitForProbe } from "./wait-for-probe.js";
