/**
 * `autoUpdate:` of a service: {policy, interval, schedule}. The policy must fit the declared image:
 * every policy needs a tag to follow, and patch/minor/major need a version-shaped one (the range is
 * measured from it). Any refusal points at the key that causes it.
 */
import type { AutoUpdatePolicy, AutoUpdateSpec } from "../core/index.js";
import { cronProblem } from "./check-reconcile.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import type { LNode } from "./located.js";
import { expectMap, MapReader } from "./map-reader.js";

export const AUTO_UPDATE_KEYS = ["policy", "interval", "schedule"] as const;
export const AUTO_UPDATE_POLICIES = ["digest", "patch", "minor", "major"] as const;
export const DEFAULT_AUTO_UPDATE_INTERVAL_MS = 5 * 60_000;
/** Below this a registry is asked too often to be useful (tests use 1s-2s). */
const MIN_INTERVAL_MS = 1000;

// The shape src/images/semver.ts compares (kept here: manifest/ imports only core/).
const VERSION_TAG = /^v?\d{1,9}(?:\.\d{1,9}){0,2}(?:\+[0-9A-Za-z.-]+)?$/;
/** Leading components a policy keeps fixed: the declared tag needs more than that. */
const FIXED: Record<AutoUpdatePolicy, number> = { digest: 0, patch: 2, minor: 1, major: 0 };

export function checkAutoUpdate(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
  image: string | undefined,
): AutoUpdateSpec | undefined {
  const map = expectMap(sink, node, path, "a map like {policy: minor, interval: 5m}");
  if (map === undefined) return undefined;
  const f = new MapReader(sink, map, path, AUTO_UPDATE_KEYS);
  const policyEntry = f.require("policy", "one of digest, patch, minor, major");
  const policy = policyEntry && f.oneOf("policy", AUTO_UPDATE_POLICIES);
  const intervalMs = f.duration("interval", { allowZero: false }) ?? DEFAULT_AUTO_UPDATE_INTERVAL_MS;
  const intervalNode = f.value("interval");
  if (intervalNode && intervalMs < MIN_INTERVAL_MS) {
    sink.error(
      intervalNode.pos,
      f.at("interval"),
      DiagnosticCode.invalidValue,
      "interval must be at least 1s",
    );
    return undefined;
  }
  const schedule = f.string("schedule");
  if (schedule !== undefined) {
    const problem = cronProblem(schedule);
    if (problem !== undefined) {
      sink.error(
        f.value("schedule")!.pos,
        f.at("schedule"),
        DiagnosticCode.invalidCron,
        `invalid cron "${schedule}": ${problem}`,
        "five fields: minute hour day-of-month month day-of-week (UTC)",
      );
      return undefined;
    }
  }
  if (policy === undefined || image === undefined) return undefined;
  const problem = imageProblem(image, policy);
  if (problem !== undefined) {
    sink.error(
      policyEntry!.value.pos,
      f.at("policy"),
      DiagnosticCode.invalidValue,
      `autoUpdate policy ${policy} cannot follow image "${image}": ${problem}`,
      policy === "digest"
        ? "declare the tag to follow, e.g. app:1.2 or app:1.2@sha256:…"
        : "declare a version tag like app:1.2.3 (or use policy: digest to follow any tag)",
    );
    return undefined;
  }
  return { policy, intervalMs, ...(schedule !== undefined ? { schedule } : {}) };
}

function imageProblem(image: string, policy: AutoUpdatePolicy): string | undefined {
  const tag = declaredTag(image);
  if (tag === undefined) return "it has no tag";
  if (policy === "digest") return undefined;
  if (!VERSION_TAG.test(tag)) return `tag "${tag}" is not a release version like 1.2.3`;
  if (tag.replace(/^v/, "").split("+")[0]!.split(".").length <= FIXED[policy])
    return `tag "${tag}" has too few components for ${policy} updates`;
  return undefined;
}

/** The tag of a reference (after the last "/", before any "@digest"). */
function declaredTag(image: string): string | undefined {
  const name = image.split("@")[0]!;
  const last = name.slice(name.lastIndexOf("/") + 1);
  const colon = last.indexOf(":");
  return colon < 0 ? undefined : last.slice(colon + 1);
}
