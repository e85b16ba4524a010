/** Compose `depends_on` (list or map with condition/required/restart) and `restart` → native. */
import { DiagnosticCode } from "../manifest/diagnostics.js";
import { didYouMean } from "../manifest/did-you-mean.js";
import { childPath, type LEntry, type LMap, type LNode } from "../manifest/located.js";
import { map, put, scalar, textOf } from "./nodes.js";
import type { ServiceContext } from "./translate-service.js";

const CONDITIONS: Record<string, string> = {
  service_started: "started",
  service_healthy: "ready",
  service_completed_successfully: "completed",
};

export function translateDependsOn(v: LNode, p: string, ctx: ServiceContext): LMap {
  const out = map(v.pos);
  if (v.kind === "seq") {
    for (const item of v.items) {
      const name = textOf(item);
      if (name !== undefined) put(out, name, scalar("started", item.pos), item.pos);
    }
    return out;
  }
  if (v.kind !== "map") {
    ctx.sink.error(v.pos, p, DiagnosticCode.wrongType, "expected a list or a map of services");
    return out;
  }
  for (const e of v.entries) {
    const ep = childPath(p, e.key);
    let condition = "service_started";
    let pos = e.keyPos;
    const options: LEntry[] = [];
    if (e.value.kind === "map") {
      for (const x of e.value.entries) {
        const val = textOf(x.value);
        if (x.key === "condition") {
          condition = val ?? "";
          pos = x.value.pos;
        } else if ((x.key === "required" && val === "true") || (x.key === "restart" && val === "false")) {
          // Compose's defaults: nothing to map.
        } else if (x.key === "required" || x.key === "restart") {
          options.push(x);
        } else {
          ctx.sink.error(
            x.keyPos,
            childPath(ep, x.key),
            DiagnosticCode.unknownKey,
            `unknown key \`${x.key}\``,
            didYouMean(x.key, ["condition", "required", "restart"]) ?? "condition, required, restart",
          );
        }
      }
    }
    const mapped = CONDITIONS[condition];
    if (mapped === undefined) {
      ctx.sink.error(
        pos,
        ep,
        DiagnosticCode.invalidValue,
        `unknown condition \`${condition}\``,
        "service_started, service_healthy or service_completed_successfully",
      );
      continue;
    }
    const value = scalar(mapped, pos);
    put(
      out,
      e.key,
      options.length === 0 ? value : map(pos, [{ key: "condition", keyPos: pos, value }, ...options]),
      e.keyPos,
    );
  }
  return out;
}

export function translateRestart(v: LNode, p: string, ctx: ServiceContext): LMap {
  const text = textOf(v) ?? "";
  const [policy = "", retries] = text.split(":");
  const out = map(v.pos, [
    { key: "policy", keyPos: v.pos, value: scalar(policy === "false" ? "no" : policy, v.pos) },
  ]);
  if (retries !== undefined) {
    if (policy !== "on-failure")
      ctx.sink.error(v.pos, p, DiagnosticCode.invalidValue, "only on-failure takes a retry count");
    else put(out, "maxRetries", scalar(Number(retries), v.pos));
  }
  return out;
}
