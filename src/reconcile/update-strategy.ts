import type { ServiceSpec } from "../core/index.js";

export interface RecreateStrategy {
  order: "start-first" | "stop-first";
  reason: string;
}

/**
 * Start-first keeps the old container serving until the new one is up; it needs a spare slot
 * (maxSurge ≥ 1) and no fixed host port, which two containers cannot bind at once.
 */
export function recreateStrategy(
  spec: ServiceSpec,
  runtime?: { name: string; rename: boolean },
): RecreateStrategy {
  if (spec.update.strategy === "recreate")
    return { order: "stop-first", reason: "update.strategy is recreate" };
  const fixed = spec.ports.find((p) => p.host !== null);
  if (fixed) {
    return {
      order: "stop-first",
      reason: `fixed host port ${fixed.hostIP}:${fixed.host} cannot be bound twice`,
    };
  }
  if (spec.update.maxSurge < 1) return { order: "stop-first", reason: "update.maxSurge is 0" };
  if (runtime && !runtime.rename) {
    return { order: "stop-first", reason: `runtime ${runtime.name} cannot rename the old container aside` };
  }
  return { order: "start-first", reason: "update.maxSurge allows a surge container" };
}
