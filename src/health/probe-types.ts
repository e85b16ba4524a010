/** The shapes probes and the health state machine share. */
import type { ObservedPort } from "../core/index.js";

export type ProbeKind = "startup" | "readiness" | "liveness";

export type HealthState = "starting" | "healthy" | "unhealthy";

export interface HealthTransition {
  from: HealthState;
  to: HealthState;
}

/** Where a probe reaches the instance: its container (exec), its network address or published ports. */
export interface ProbeTarget {
  containerId: string;
  /** Address on the project network, when the runtime reports one and it is reachable. */
  ip?: string;
  ports: ObservedPort[];
}

export interface ProbeResult {
  ok: boolean;
  /** What the probe said (exec output, HTTP status and body start), at most 4 KiB. */
  output: string;
  durationMs: number;
  /** ISO time the probe started. */
  at: string;
  /** Why it failed, when it failed without an answer (refused, timed out, no address). */
  error?: string;
}
