import { Cron } from "croner";
import type { MaintenanceWindow, ReconcilePolicy } from "../core/index.js";
import { checkNotify } from "./check-notify.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import { GUARDRAIL_KEYS, RATE_LIMIT_KEYS, RECONCILE_KEYS, WINDOW_KEYS } from "./known-keys.js";
import { indexPath, isNull, type LNode } from "./located.js";
import { expectMap, expectSeq, MapReader } from "./map-reader.js";

export const defaultReconcile = (): ReconcilePolicy => ({
  mode: "heal",
  resyncMs: 30_000,
  guardrails: { rateLimit: { actions: 5, perMs: 600_000 }, maintenanceWindows: [] },
});

/** `reconcile:` (ours): how the daemon treats drift. */
export function checkReconcile(sink: DiagnosticSink, node: LNode, path: string): ReconcilePolicy {
  const policy = defaultReconcile();
  if (isNull(node)) return policy;
  const map = expectMap(sink, node, path);
  if (map === undefined) return policy;
  const fields = new MapReader(sink, map, path, RECONCILE_KEYS);
  policy.mode = fields.oneOf("mode", ["heal", "recommend"] as const) ?? policy.mode;
  policy.resyncMs = fields.duration("resync", { allowZero: false }) ?? policy.resyncMs;
  const notify = fields.read("notify", (n, at) => checkNotify(sink, n, at));
  if (notify !== undefined) policy.notify = notify;
  const guardNode = fields.value("guardrails");
  const guardMap =
    guardNode && !isNull(guardNode) ? expectMap(sink, guardNode, fields.at("guardrails")) : undefined;
  if (guardMap === undefined) return policy;
  const guards = new MapReader(sink, guardMap, fields.at("guardrails"), GUARDRAIL_KEYS);
  const rateNode = guards.value("rateLimit");
  const rateMap =
    rateNode && !isNull(rateNode) ? expectMap(sink, rateNode, guards.at("rateLimit")) : undefined;
  if (rateMap !== undefined) {
    const rate = new MapReader(sink, rateMap, guards.at("rateLimit"), RATE_LIMIT_KEYS);
    const limit = policy.guardrails.rateLimit;
    limit.actions = rate.int("actions", 1, 10_000) ?? limit.actions;
    limit.perMs = rate.duration("per", { allowZero: false }) ?? limit.perMs;
  }
  const windowsNode = guards.value("maintenanceWindows");
  const windows =
    windowsNode && !isNull(windowsNode)
      ? expectSeq(sink, windowsNode, guards.at("maintenanceWindows"))
      : undefined;
  windows?.items.forEach((item, i) => {
    const window = checkWindow(sink, item, indexPath(guards.at("maintenanceWindows"), i));
    if (window !== undefined) policy.guardrails.maintenanceWindows.push(window);
  });
  return policy;
}

function checkWindow(sink: DiagnosticSink, node: LNode, path: string): MaintenanceWindow | undefined {
  const map = expectMap(sink, node, path);
  if (map === undefined) return undefined;
  const fields = new MapReader(sink, map, path, WINDOW_KEYS);
  const cronEntry = fields.require("cron", 'e.g. cron: "0 2 * * 6" (02:00 every Saturday)');
  const durationEntry = fields.require("duration", "e.g. duration: 2h");
  const cron = cronEntry && fields.string("cron");
  const durationMs = durationEntry && fields.duration("duration", { allowZero: false });
  const timezone = fields.string("timezone") ?? "UTC";
  const timezoneNode = fields.value("timezone");
  let timezoneOk = true;
  if (timezoneNode !== undefined && !isTimeZone(timezone)) {
    sink.error(
      timezoneNode.pos,
      fields.at("timezone"),
      DiagnosticCode.invalidTimezone,
      `unknown time zone "${timezone}"`,
      "use an IANA name such as UTC or Europe/Berlin",
    );
    timezoneOk = false;
  }
  if (cron !== undefined && cronEntry !== undefined) {
    const problem = cronProblem(cron);
    if (problem !== undefined) {
      sink.error(
        cronEntry.value.pos,
        fields.at("cron"),
        DiagnosticCode.invalidCron,
        `invalid cron "${cron}": ${problem}`,
        "five fields: minute hour day-of-month month day-of-week",
      );
      return undefined;
    }
  }
  if (cron === undefined || durationMs === undefined || !timezoneOk) return undefined;
  return { cron, durationMs, timezone };
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function cronProblem(expression: string): string | undefined {
  try {
    // Paused: validates the pattern without scheduling anything.
    new Cron(expression, { paused: true, timezone: "UTC" }).stop();
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return message.replace(/^Cron\w*:\s*/, "");
  }
}
