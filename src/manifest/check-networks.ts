/**
 * Top-level `networks:`: name → {driver, driverOpts, external, name, labels, internal,
 * attachable, enableIpv6, ipam}. Declared ones are created and owned; `external` ones are used,
 * never created, changed or removed. `default` is always the project's default network.
 */
import type { NetworkSpec } from "../core/index.js";
import { checkLabels } from "./check-env.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import { childPath, indexPath, isNull, type LNode } from "./located.js";
import { expectMap, expectSeq, MapReader, readStringish } from "./map-reader.js";

export const NETWORK_KEYS = [
  "driver",
  "driverOpts",
  "external",
  "name",
  "labels",
  "internal",
  "attachable",
  "enableIpv6",
  "ipam",
] as const;
export const IPAM_KEYS = ["driver", "config"] as const;
export const IPAM_CONFIG_KEYS = ["subnet", "gateway", "ipRange"] as const;

const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;
const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/;

export function checkDeclaredNetworks(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
  project: string | undefined,
): Record<string, NetworkSpec> {
  const out: Record<string, NetworkSpec> = {};
  if (isNull(node)) return out;
  const map = expectMap(sink, node, path);
  for (const entry of map?.entries ?? []) {
    const at = childPath(path, entry.key);
    if (!NETWORK_NAME.test(entry.key)) {
      sink.error(
        entry.keyPos,
        at,
        DiagnosticCode.invalidName,
        `invalid network name "${entry.key}"`,
        "letters, digits, `_`, `.` and `-`",
      );
      continue;
    }
    const spec: NetworkSpec = {
      name: entry.key,
      runtimeName: `${project ?? ""}_${entry.key}`,
      external: false,
      internal: false,
      labels: {},
    };
    out[entry.key] = spec;
    if (isNull(entry.value)) continue;
    const m = expectMap(sink, entry.value, at);
    if (m === undefined) continue;
    const f = new MapReader(sink, m, at, NETWORK_KEYS);
    const name = f.string("name");
    if (name !== undefined) {
      if (NETWORK_NAME.test(name)) spec.runtimeName = name;
      else
        sink.error(
          f.value("name")!.pos,
          f.at("name"),
          DiagnosticCode.invalidName,
          `invalid network name "${name}"`,
        );
    }
    spec.external = f.bool("external") ?? false;
    if (spec.external) {
      if (name === undefined) spec.runtimeName = entry.key;
      for (const k of ["driver", "driverOpts", "labels", "internal", "attachable", "enableIpv6", "ipam"]) {
        const e = f.entry(k);
        if (e !== undefined)
          sink.error(
            e.keyPos,
            f.at(k),
            DiagnosticCode.invalidValue,
            `an external network takes no \`${k}\``,
            "it is used as it exists; only `name` may be set",
          );
      }
      continue;
    }
    const driver = f.string("driver");
    if (driver !== undefined) spec.driver = driver;
    const opts = stringMap(sink, f.value("driverOpts"), f.at("driverOpts"));
    if (opts !== undefined) spec.driverOpts = opts;
    spec.internal = f.bool("internal") ?? false;
    const attachable = f.bool("attachable");
    if (attachable !== undefined) spec.attachable = attachable;
    const ipv6 = f.bool("enableIpv6");
    if (ipv6 !== undefined) spec.enableIpv6 = ipv6;
    const labels = f.value("labels");
    if (labels !== undefined) spec.labels = checkLabels(sink, labels, f.at("labels"));
    const ipam = f.read("ipam", (n, p) => checkIpam(sink, n, p));
    if (ipam !== undefined) spec.ipam = ipam;
  }
  return out;
}

function stringMap(
  sink: DiagnosticSink,
  node: LNode | undefined,
  at: string,
): Record<string, string> | undefined {
  if (node === undefined) return undefined;
  const m = expectMap(sink, node, at, "a map of option → value");
  const out: Record<string, string> = {};
  for (const e of m?.entries ?? []) {
    const v = readStringish(sink, e.value, childPath(at, e.key));
    if (v !== undefined) out[e.key] = v;
  }
  return out;
}

function checkIpam(sink: DiagnosticSink, node: LNode, at: string): NetworkSpec["ipam"] {
  const m = expectMap(sink, node, at, "a map with driver and config");
  if (m === undefined) return undefined;
  const f = new MapReader(sink, m, at, IPAM_KEYS);
  const driver = f.string("driver");
  const config: NonNullable<NetworkSpec["ipam"]>["config"] = [];
  const seq = f.read("config", (n, p) => expectSeq(sink, n, p, "a list of {subnet, gateway, ipRange}"));
  seq?.items.forEach((item, i) => {
    const p = indexPath(f.at("config"), i);
    const c = expectMap(sink, item, p);
    if (c === undefined) return;
    const x = new MapReader(sink, c, p, IPAM_CONFIG_KEYS);
    const entry: (typeof config)[number] = {};
    for (const k of IPAM_CONFIG_KEYS) {
      const v = x.string(k);
      if (v === undefined) continue;
      if (k !== "gateway" && !CIDR.test(v)) {
        sink.error(
          x.value(k)!.pos,
          x.at(k),
          DiagnosticCode.invalidValue,
          `invalid ${k} "${v}"`,
          "CIDR notation, e.g. 172.28.0.0/16",
        );
        continue;
      }
      entry[k] = v;
    }
    config.push(entry);
  });
  return { ...(driver !== undefined && { driver }), config };
}
