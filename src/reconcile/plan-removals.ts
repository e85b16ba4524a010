/** Stop (if it runs) then remove one owned container: shared by convergence and `down`. Pure. */
import type { ObservedContainer } from "../core/index.js";
import type { OpBuilder } from "./op-builder.js";
import type { OpReason } from "./op-reason.js";

export interface RemovalOptions {
  service: string;
  reason: OpReason;
  /** The declared stop grace of the container's service. */
  graceMs: number;
  dependsOn?: number[];
}

/** Returns the remove op's id. */
export function removeContainer(b: OpBuilder, c: ObservedContainer, o: RemovalOptions): number {
  const after = o.dependsOn ?? [];
  const common = {
    target: `container:${c.name}`,
    group: o.service,
    service: o.service,
    name: c.name,
    runtimeId: c.id,
    reason: o.reason,
  };
  const running = c.state === "running" || c.state === "restarting" || c.state === "paused";
  const stop = running ? [b.add({ kind: "stop", ...common, graceMs: o.graceMs, dependsOn: after })] : [];
  return b.add({ kind: "remove", ...common, dependsOn: stop.length ? stop : after });
}
