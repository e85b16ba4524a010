/**
 * `reconcile.notify:` — webhook receivers for service state transitions. The URL may carry a
 * token (a Slack or Discord webhook path, an ntfy topic), so diagnostics never repeat it: they
 * name the key, and at most the scheme and host.
 */
import type {
  NotifyFormat,
  NotifySeverity,
  NotifyTarget,
  NotifyTransition,
  SecretRef,
} from "../core/index.js";
import { compareCodeUnits } from "../core/index.js";
import { parseSecretRef } from "./check-env.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import { indexPath, isNull, type LNode } from "./located.js";
import { expectMap, expectSeq, MapReader, readEnum } from "./map-reader.js";

export const NOTIFY_KEYS = ["url", "format", "on", "minSeverity", "dedupWindow", "timeout"] as const;
export const NOTIFY_URL_KEYS = ["secret"] as const;
export const NOTIFY_FORMATS = ["json", "slack", "discord", "ntfy"] as const satisfies readonly NotifyFormat[];
export const NOTIFY_TRANSITIONS = [
  "unstable",
  "degraded",
  "recovered",
  "rollback",
  "update",
  "blocked",
  "failover",
  "failback",
] as const satisfies readonly NotifyTransition[];
export const NOTIFY_SEVERITIES = ["info", "warning", "critical"] as const satisfies readonly NotifySeverity[];

const DEFAULTS = { format: "json", minSeverity: "info", dedupWindowMs: 300_000, timeoutMs: 5_000 } as const;

export function checkNotify(sink: DiagnosticSink, node: LNode, path: string): NotifyTarget[] | undefined {
  if (isNull(node)) return undefined;
  const seq = expectSeq(sink, node, path);
  if (seq === undefined) return undefined;
  const out: NotifyTarget[] = [];
  seq.items.forEach((item, i) => {
    const target = checkTarget(sink, item, indexPath(path, i));
    if (target !== undefined) out.push(target);
  });
  return out.length > 0 ? out : undefined;
}

function checkTarget(sink: DiagnosticSink, node: LNode, path: string): NotifyTarget | undefined {
  const map = expectMap(sink, node, path);
  if (map === undefined) return undefined;
  const f = new MapReader(sink, map, path, NOTIFY_KEYS);
  const urlEntry = f.require(
    "url",
    "e.g. url: {secret: env://SLACK_WEBHOOK_URL} or url: http://127.0.0.1:9000/hook",
  );
  const url = urlEntry && checkUrl(sink, urlEntry.value, f.at("url"));
  const format = f.oneOf("format", NOTIFY_FORMATS) ?? DEFAULTS.format;
  const minSeverity = f.oneOf("minSeverity", NOTIFY_SEVERITIES) ?? DEFAULTS.minSeverity;
  const dedupWindowMs = f.duration("dedupWindow", { allowZero: true }) ?? DEFAULTS.dedupWindowMs;
  const timeoutMs = f.duration("timeout", { allowZero: false }) ?? DEFAULTS.timeoutMs;
  const on = f.read("on", (n, at) => checkOn(sink, n, at)) ?? [...NOTIFY_TRANSITIONS];
  if (url === undefined || on === undefined) return undefined;
  return {
    url,
    format,
    on: [...new Set(on)].sort(compareCodeUnits),
    minSeverity,
    dedupWindowMs,
    timeoutMs,
  };
}

function checkOn(sink: DiagnosticSink, node: LNode, path: string): NotifyTransition[] | undefined {
  const seq = expectSeq(sink, node, path);
  if (seq === undefined) return undefined;
  const out: NotifyTransition[] = [];
  let ok = true;
  seq.items.forEach((item, i) => {
    const t = readEnum(sink, item, indexPath(path, i), NOTIFY_TRANSITIONS);
    if (t === undefined) ok = false;
    else out.push(t);
  });
  return ok ? out : undefined;
}

function checkUrl(sink: DiagnosticSink, node: LNode, path: string): NotifyTarget["url"] | undefined {
  if (node.kind === "map") {
    const f = new MapReader(sink, node, path, NOTIFY_URL_KEYS);
    const entry = f.require("secret", "e.g. secret: env://SLACK_WEBHOOK_URL");
    const text = entry && f.string("secret");
    if (text === undefined || entry === undefined) return undefined;
    const ref = parseSecretRef(text);
    if (ref === undefined || ref.scheme === "keychain") {
      sink.error(
        entry.value.pos,
        f.at("secret"),
        DiagnosticCode.invalidSecretRef,
        // Not echoed: a mistaken reference may be the webhook URL itself, token and all.
        `invalid notify URL reference${schemeOf(text)}`,
        "use env://NAME (a variable in the daemon's environment) or file:///absolute/path",
      );
      return undefined;
    }
    return { secret: ref satisfies SecretRef };
  }
  if (node.kind !== "scalar" || typeof node.value !== "string") {
    sink.error(
      node.pos,
      path,
      DiagnosticCode.wrongType,
      "expected a URL string or {secret: env://NAME}",
      "e.g. url: {secret: env://SLACK_WEBHOOK_URL}",
    );
    return undefined;
  }
  const problem = urlProblem(node.value);
  if (problem !== undefined) {
    sink.error(
      node.pos,
      path,
      DiagnosticCode.invalidValue,
      `invalid notify URL: ${problem}`,
      "use http:// or https://host[:port]/path",
    );
    return undefined;
  }
  if (!node.fromVariable && carriesToken(node.value)) {
    sink.warn(
      node.pos,
      path,
      DiagnosticCode.literalCredential,
      "this notify URL looks like it carries a token, written literally in the manifest (and so kept in the stored desired state)",
      "write url: {secret: env://NAME} and set NAME in the daemon's environment",
    );
  }
  return { literal: node.value };
}

/** " (scheme https://)" for text that starts like a URL, else "": what may be shown of a reference. */
function schemeOf(text: string): string {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(text)?.[1];
  return scheme === undefined ? "" : ` (scheme ${scheme}://)`;
}

/** Hosts whose webhook URLs are credentials (the token is the path or the topic). */
const TOKEN_HOSTS = new Set(["hooks.slack.com", "discord.com", "discordapp.com", "ntfy.sh"]);

/** A query, user info, a known webhook host or a long opaque path segment: probably a secret. */
function carriesToken(text: string): boolean {
  const url = new URL(text);
  if (url.search !== "" || url.username !== "" || url.password !== "") return true;
  if (TOKEN_HOSTS.has(url.hostname)) return true;
  return url.pathname.split("/").some((segment) => /^[A-Za-z0-9_-]{16,}$/.test(segment));
}

/** Why a URL cannot be a receiver (without repeating the URL), or undefined when it can. */
export function urlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "not an absolute URL";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `scheme ${url.protocol} is not http or https`;
  if (url.hostname === "") return "no host";
  return undefined;
}
