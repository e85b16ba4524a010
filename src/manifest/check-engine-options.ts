/**
 * The native manifest's engine-level service options (the Compose-grade fields that change what
 * runs): hostname, capabilities, sysctls, ulimits, extra hosts, DNS, namespaces, tty, platform,
 * stop signal, expose. Defaults (false, empty) are omitted so they never change a spec hash.
 */
import type { ServiceSpec } from "../core/index.js";
import { DiagnosticCode } from "./diagnostics.js";
import type { LNode } from "./located.js";
import { childPath } from "./located.js";
import { expectMap, expectSeq, type MapReader, readInt, readStringish } from "./map-reader.js";

export type EngineOptions = Partial<
  Pick<
    ServiceSpec,
    | "hostname"
    | "domainname"
    | "capAdd"
    | "capDrop"
    | "privileged"
    | "sysctls"
    | "ulimits"
    | "extraHosts"
    | "dns"
    | "dnsSearch"
    | "dnsOptions"
    | "securityOpt"
    | "pid"
    | "ipc"
    | "tty"
    | "stdinOpen"
    | "platform"
    | "stopSignal"
    | "expose"
  >
>;

const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const DOMAIN = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const CAPABILITY = /^[A-Z][A-Z0-9_]*$/;
const SIGNAL = /^(SIG[A-Z0-9+-]+|[1-9]\d?)$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;

function invalid(f: MapReader, node: LNode, path: string, message: string, hint?: string): undefined {
  f.sink.error(node.pos, path, DiagnosticCode.invalidValue, message, hint);
  return undefined;
}

function pattern(f: MapReader, key: string, re: RegExp, hint: string): string | undefined {
  const value = f.string(key);
  if (value === undefined || re.test(value)) return value;
  return invalid(f, f.value(key) as LNode, f.at(key), `invalid ${key} "${value}"`, hint);
}

function stringList(
  f: MapReader,
  key: string,
  check?: (v: string) => string | undefined,
): string[] | undefined {
  const node = f.value(key);
  if (node === undefined) return undefined;
  const seq = expectSeq(f.sink, node, f.at(key), "a list of strings");
  if (seq === undefined) return undefined;
  const out: string[] = [];
  seq.items.forEach((item, i) => {
    const at = `${f.at(key)}[${i}]`;
    const v = readStringish(f.sink, item, at);
    if (v === undefined) return;
    const problem = check?.(v);
    if (problem !== undefined) invalid(f, item, at, problem);
    else out.push(v);
  });
  return out.length > 0 ? out : undefined;
}

function capabilities(f: MapReader, key: "capAdd" | "capDrop"): string[] | undefined {
  const caps = stringList(f, key, (v) => {
    const name = v.toUpperCase().replace(/^CAP_/, "");
    return CAPABILITY.test(name) ? undefined : `invalid capability "${v}"`;
  });
  if (!caps) return undefined;
  // One spelling, sorted: "cap_net_admin" and "NET_ADMIN" hash alike.
  return [...new Set(caps.map((c) => c.toUpperCase().replace(/^CAP_/, "")))].sort();
}

function stringMap(
  f: MapReader,
  key: string,
  keyRe: RegExp,
  what: string,
): Record<string, string> | undefined {
  const node = f.value(key);
  if (node === undefined) return undefined;
  const map = expectMap(f.sink, node, f.at(key), `a map of ${what}`);
  if (map === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const e of map.entries) {
    const at = childPath(f.at(key), e.key);
    if (!keyRe.test(e.key)) {
      f.sink.error(e.keyPos, at, DiagnosticCode.invalidValue, `invalid ${what} name "${e.key}"`);
      continue;
    }
    const v = readStringish(f.sink, e.value, at);
    if (v !== undefined) out[e.key] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function ulimits(f: MapReader): ServiceSpec["ulimits"] {
  const node = f.value("ulimits");
  if (node === undefined) return undefined;
  const map = expectMap(f.sink, node, f.at("ulimits"), "a map of ulimit name to a number or {soft, hard}");
  if (map === undefined) return undefined;
  const out: NonNullable<ServiceSpec["ulimits"]> = {};
  for (const e of map.entries) {
    const at = childPath(f.at("ulimits"), e.key);
    if (!/^[a-z]+$/.test(e.key)) {
      f.sink.error(
        e.keyPos,
        at,
        DiagnosticCode.invalidValue,
        `invalid ulimit name "${e.key}"`,
        "e.g. nofile, nproc, core",
      );
      continue;
    }
    if (e.value.kind === "map") {
      const soft = e.value.entries.find((x) => x.key === "soft");
      const hard = e.value.entries.find((x) => x.key === "hard");
      for (const x of e.value.entries) {
        if (x.key !== "soft" && x.key !== "hard") {
          f.sink.error(
            x.keyPos,
            childPath(at, x.key),
            DiagnosticCode.unknownKey,
            `unknown key \`${x.key}\``,
            "known keys: soft, hard",
          );
        }
      }
      if (!soft || !hard) {
        f.sink.error(e.value.pos, at, DiagnosticCode.missingKey, "a ulimit map needs both `soft` and `hard`");
        continue;
      }
      const s = readInt(f.sink, soft.value, childPath(at, "soft"), -1, Number.MAX_SAFE_INTEGER);
      const h = readInt(f.sink, hard.value, childPath(at, "hard"), -1, Number.MAX_SAFE_INTEGER);
      if (s === undefined || h === undefined) continue;
      if (h !== -1 && (s === -1 || s > h)) {
        invalid(f, soft.value, childPath(at, "soft"), `ulimit ${e.key}: soft ${s} exceeds hard ${h}`);
        continue;
      }
      out[e.key] = { soft: s, hard: h };
    } else {
      const v = readInt(f.sink, e.value, at, -1, Number.MAX_SAFE_INTEGER);
      if (v !== undefined) out[e.key] = { soft: v, hard: v };
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function extraHosts(f: MapReader): ServiceSpec["extraHosts"] {
  const m = stringMap(f, "extraHosts", /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/, "host");
  if (!m) return undefined;
  return Object.keys(m)
    .sort()
    .map((host) => ({ host, ip: m[host] ?? "" }));
}

function expose(f: MapReader): number[] | undefined {
  const node = f.value("expose");
  if (node === undefined) return undefined;
  const seq = expectSeq(f.sink, node, f.at("expose"), "a list of container ports");
  if (seq === undefined) return undefined;
  const ports = seq.items
    .map((item, i) => readInt(f.sink, item, `${f.at("expose")}[${i}]`, 1, 65535))
    .filter((p): p is number => p !== undefined);
  return ports.length > 0 ? [...new Set(ports)].sort((a, b) => a - b) : undefined;
}

export function checkEngineOptions(f: MapReader): EngineOptions {
  const privileged = f.bool("privileged");
  const tty = f.bool("tty");
  const stdinOpen = f.bool("stdinOpen");
  const pid = f.string("pid");
  const ipc = f.string("ipc");
  const out: EngineOptions = {
    hostname: pattern(f, "hostname", HOSTNAME, "one DNS label: letters, digits and '-'"),
    domainname: pattern(f, "domainname", DOMAIN, "a DNS domain, e.g. example.internal"),
    capAdd: capabilities(f, "capAdd"),
    capDrop: capabilities(f, "capDrop"),
    privileged: privileged === true ? true : undefined,
    sysctls: stringMap(f, "sysctls", /^[a-z0-9_]+(\.[a-zA-Z0-9_*-]+)+$/, "sysctl"),
    ulimits: ulimits(f),
    extraHosts: extraHosts(f),
    dns: stringList(f, "dns"),
    dnsSearch: stringList(f, "dnsSearch"),
    dnsOptions: stringList(f, "dnsOptions"),
    securityOpt: stringList(f, "securityOpt"),
    pid: pid === "" ? undefined : pid,
    ipc: ipc === "" ? undefined : ipc,
    tty: tty === true ? true : undefined,
    stdinOpen: stdinOpen === true ? true : undefined,
    platform: pattern(f, "platform", PLATFORM, "os/arch[/variant], e.g. linux/amd64"),
    stopSignal: pattern(f, "stopSignal", SIGNAL, "a signal name such as SIGQUIT, or its number"),
    expose: expose(f),
  };
  for (const k of Object.keys(out) as (keyof EngineOptions)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/** The service keys this checker reads; known-keys.ts spreads them into SERVICE_KEYS. */
export const ENGINE_OPTION_KEYS = [
  "hostname",
  "domainname",
  "capAdd",
  "capDrop",
  "privileged",
  "sysctls",
  "ulimits",
  "extraHosts",
  "dns",
  "dnsSearch",
  "dnsOptions",
  "securityOpt",
  "pid",
  "ipc",
  "tty",
  "stdinOpen",
  "platform",
  "stopSignal",
  "expose",
] as const;
