/**
 * What a plan says beside its ops: ports published on every interface (a Compose port without a
 * host IP keeps Compose's meaning, 0.0.0.0). Data first; the text is rendered from it. Pure.
 */
import type { Desired } from "../core/index.js";

export interface PlanWarning {
  kind: "all-interfaces";
  service: string;
  /** "0.0.0.0:8080->80/tcp" ("0.0.0.0::80/tcp" when the host port is ephemeral). */
  port: string;
}

export function planWarnings(desired: Desired): PlanWarning[] {
  const out: PlanWarning[] = [];
  for (const s of desired.services) {
    for (const p of s.ports) {
      if (p.hostIP !== "0.0.0.0" && p.hostIP !== "::") continue;
      const host = p.host === null ? "" : String(p.host);
      out.push({
        kind: "all-interfaces",
        service: s.name,
        port: `${p.hostIP}:${host}->${p.container}/${p.protocol}`,
      });
    }
  }
  return out;
}

export function renderPlanWarning(w: PlanWarning): string {
  return `warning: ${w.service} publishes ${w.port} on all interfaces; give a host IP (127.0.0.1:...) to keep it local`;
}
