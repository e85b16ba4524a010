/**
 * What the Docker adapter cannot honour for a service, checked before anything changes: an OCI
 * runtime the engine does not offer (its /info Runtimes), SELinux relabelling (the Mounts API
 * has no z/Z).
 */
import type { ServiceSpec } from "../../core/index.js";

export interface EngineRuntimes {
  /** Names from /info Runtimes; undefined when /info could not be read. */
  names: readonly string[] | undefined;
}

export function dockerUnsupportedFields(
  s: ServiceSpec,
  engine: EngineRuntimes,
): { field: string; reason: string }[] {
  const out: { field: string; reason: string }[] = [];
  if (s.runtime !== undefined && !engine.names?.includes(s.runtime)) {
    const offered = engine.names ? engine.names.join(", ") : "unknown (the engine's /info could not be read)";
    out.push({
      field: "runtime",
      reason: `OCI runtime ${s.runtime} is not offered by this engine (it has: ${offered})`,
    });
  }
  for (const v of s.volumes) {
    if (v.bind?.selinux !== undefined) {
      out.push({
        field: "volumes",
        reason: `SELinux relabelling (:${v.bind.selinux}) of ${v.target} is not supported on runtime docker by Hostwright yet`,
      });
    }
  }
  return out;
}
