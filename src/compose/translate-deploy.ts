import type { DiagnosticSink } from "../manifest/diagnostic-sink.js";
import { DiagnosticCode } from "../manifest/diagnostics.js";
import { childPath, type LEntry, type LMap, type LNode } from "../manifest/located.js";
import { map, put, scalar, textOf } from "./nodes.js";

const entry = (m: LNode, k: string) => (m.kind === "map" ? m.entries.find((e) => e.key === k) : undefined);

/** deploy: replicas, resources.limits, restart_policy, update_config; the rest refused at its key. */
export function translateDeploy(out: LMap, e: LEntry, p: string, sink: DiagnosticSink): void {
  if (e.value.kind !== "map") {
    sink.error(e.value.pos, p, DiagnosticCode.wrongType, "expected a map");
    return;
  }
  for (const x of e.value.entries) {
    const xp = childPath(p, x.key);
    if (x.key === "replicas") put(out, "replicas", x.value, x.keyPos);
    else if (x.key === "resources") {
      for (const r of x.value.kind === "map" ? x.value.entries : []) {
        if (r.key !== "limits" && r.key !== "reservations") {
          sink.error(
            r.keyPos,
            childPath(xp, r.key),
            DiagnosticCode.notSupportedYet,
            `deploy.resources.${r.key} is not supported yet`,
            "use limits and reservations",
          );
          continue;
        }
        const existing = out.entries.find((o) => o.key === "resources")?.value;
        const top = existing?.kind === "map" ? existing : map(r.value.pos);
        const res = r.key === "limits" ? top : map(r.value.pos);
        for (const l of r.value.kind === "map" ? r.value.entries : []) {
          if (l.key === "cpus") put(res, "cpus", scalar(Number(textOf(l.value)), l.value.pos), l.keyPos);
          else if (l.key === "memory") put(res, "memory", l.value, l.keyPos);
          else if (l.key === "pids" && r.key === "limits") put(res, "pidsLimit", l.value, l.keyPos);
          else
            sink.error(
              l.keyPos,
              childPath(xp, l.key),
              DiagnosticCode.notSupportedYet,
              `limit \`${l.key}\` is not supported yet`,
              "use cpus and memory",
            );
        }
        if (r.key === "reservations") put(top, "reservations", res, r.keyPos);
        put(out, "resources", top, r.keyPos);
      }
    } else if (x.key === "restart_policy") {
      const cond = textOf(entry(x.value, "condition")?.value ?? scalar(null, x.value.pos)) ?? "any";
      const policy = cond === "none" ? "no" : cond === "on-failure" ? "on-failure" : "always";
      const r = map(x.value.pos, [{ key: "policy", keyPos: x.keyPos, value: scalar(policy, x.value.pos) }]);
      for (const k of x.value.kind === "map" ? x.value.entries : []) {
        if (k.key === "max_attempts") put(r, "maxRetries", k.value, k.keyPos);
        else if (k.key !== "condition")
          sink.error(
            k.keyPos,
            childPath(xp, k.key),
            DiagnosticCode.notSupportedYet,
            `restart_policy.${k.key} is not supported yet`,
          );
      }
      put(out, "restart", r, x.keyPos);
    } else if (x.key === "update_config") {
      const u = map(x.value.pos);
      for (const k of x.value.kind === "map" ? x.value.entries : []) {
        const val = textOf(k.value);
        if (k.key === "parallelism") put(u, "maxUnavailable", k.value, k.keyPos);
        else if (k.key === "order")
          put(u, "maxSurge", scalar(val === "start-first" ? 1 : 0, k.value.pos), k.keyPos);
        else if (k.key === "failure_action" && (val === "rollback" || val === "pause"))
          put(u, "failureAction", k.value, k.keyPos);
        else if (k.key === "monitor") put(u, "progressDeadline", k.value, k.keyPos);
        else
          sink.error(
            k.keyPos,
            childPath(xp, k.key),
            DiagnosticCode.notSupportedYet,
            `update_config.${k.key}${val ? `: ${val}` : ""} is not supported`,
          );
      }
      put(out, "update", u, x.keyPos);
    } else if (x.key === "mode" && textOf(x.value) === "replicated") {
      // Compose's default.
    } else {
      sink.error(
        x.keyPos,
        xp,
        DiagnosticCode.notSupportedYet,
        `deploy.${x.key} is not supported (single-host engine)`,
        "remove it",
      );
    }
  }
}
