/**
 * The native keys for what Compose can express that changes what runs: build, pullPolicy,
 * networks, networkMode, containerName, devices, logging, healthcheck (the engine's HEALTHCHECK),
 * secrets/configs as files, runtime. Absent keys stay absent, so existing spec hashes never move.
 */
import nodePath from "node:path";
import type { BuildSpec, ServiceNetwork, ServiceSpec } from "../core/index.js";
import { checkLabels } from "./check-env.js";
import { checkFiles, checkHealthcheck } from "./check-files.js";
import { DiagnosticCode } from "./diagnostics.js";
import { didYouMean } from "./did-you-mean.js";
import { childPath, indexPath, isNull, type LNode } from "./located.js";
import { expectMap, expectSeq, MapReader, readStringish } from "./map-reader.js";

export type RuntimeFields = Partial<
  Pick<
    ServiceSpec,
    | "build"
    | "pullPolicy"
    | "networks"
    | "networkMode"
    | "containerName"
    | "devices"
    | "logging"
    | "healthcheck"
    | "files"
    | "runtime"
  >
>;

export const RUNTIME_FIELD_KEYS = [
  "build",
  "pullPolicy",
  "networks",
  "networkMode",
  "containerName",
  "devices",
  "logging",
  "healthcheck",
  "secrets",
  "configs",
  "runtime",
] as const;

export const BUILD_KEYS = ["context", "dockerfile", "target", "args", "labels"] as const;
export const SERVICE_NETWORK_KEYS = ["aliases", "ipv4Address"] as const;
export const LOGGING_KEYS = ["driver", "options"] as const;
export { FILE_KEYS, HEALTHCHECK_KEYS } from "./check-files.js";
export const DEVICE_KEYS = ["host", "container", "permissions"] as const;

const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export interface RuntimeFieldContext {
  manifestDir: string;
  /** Top-level `networks:` keys; "default" is always there. */
  declaredNetworks: ReadonlySet<string>;
  /** Declared networks with an ipam subnet: the only ones a static ipv4Address can be on. */
  subnetNetworks: ReadonlySet<string>;
  replicas: number;
}

export function checkRuntimeFields(f: MapReader, ctx: RuntimeFieldContext): RuntimeFields {
  const out: RuntimeFields = {
    build: f.read("build", (n, at) => checkBuild(f, n, at, ctx.manifestDir)),
    pullPolicy: f.oneOf("pullPolicy", ["missing", "always", "never", "build"] as const),
    networks: f.read("networks", (n, at) => checkServiceNetworks(f, n, at, ctx)),
    networkMode: f.read("networkMode", (n, at) => checkNetworkMode(f, n, at)),
    containerName: checkContainerName(f, ctx.replicas),
    devices: f.read("devices", (n, at) => checkDevices(f, n, at)),
    logging: f.read("logging", (n, at) => checkLogging(f, n, at)),
    healthcheck: f.read("healthcheck", (n, at) => checkHealthcheck(f, n, at)),
    files: checkFiles(f, ctx.manifestDir),
    runtime: f.string("runtime"),
  };
  if (out.networks !== undefined && out.networkMode !== undefined) {
    f.sink.error(
      f.entry("networkMode")!.keyPos,
      f.at("networkMode"),
      DiagnosticCode.invalidValue,
      "`networkMode` and `networks` cannot both be set",
      "a container in another network mode joins no project network; remove one of them",
    );
  }
  if (out.pullPolicy === "build" && out.build === undefined) {
    f.sink.error(
      f.value("pullPolicy")!.pos,
      f.at("pullPolicy"),
      DiagnosticCode.invalidValue,
      "pullPolicy: build needs `build`",
    );
  }
  for (const k of Object.keys(out) as (keyof RuntimeFields)[]) if (out[k] === undefined) delete out[k];
  return out;
}

function err(f: MapReader, node: LNode, at: string, message: string, hint?: string): undefined {
  f.sink.error(node.pos, at, DiagnosticCode.invalidValue, message, hint);
  return undefined;
}

function stringMapOf(f: MapReader, node: LNode | undefined, at: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (node === undefined || isNull(node)) return out;
  const map = expectMap(f.sink, node, at, "a map of names to values");
  for (const e of map?.entries ?? []) {
    const v = readStringish(f.sink, e.value, childPath(at, e.key));
    if (v !== undefined) out[e.key] = v;
  }
  return out;
}

function checkBuild(f: MapReader, node: LNode, at: string, dir: string): BuildSpec | undefined {
  if (node.kind === "scalar") {
    const context = readStringish(f.sink, node, at);
    return context === undefined
      ? undefined
      : { context: nodePath.resolve(dir, context), dockerfile: "Dockerfile", args: {}, labels: {} };
  }
  const map = expectMap(
    f.sink,
    node,
    at,
    "a context directory or {context, dockerfile, target, args, labels}",
  );
  if (map === undefined) return undefined;
  const b = new MapReader(f.sink, map, at, BUILD_KEYS);
  const context = b.string("context") ?? ".";
  const dockerfile = b.string("dockerfile") ?? "Dockerfile";
  if (nodePath.isAbsolute(dockerfile) || dockerfile.split(/[\\/]/).includes("..")) {
    return err(
      f,
      b.value("dockerfile")!,
      b.at("dockerfile"),
      `dockerfile "${dockerfile}" must be inside the context`,
      "a path relative to `context`",
    );
  }
  const target = b.string("target");
  return {
    context: nodePath.resolve(dir, context),
    dockerfile,
    ...(target !== undefined && { target }),
    args: stringMapOf(f, b.value("args"), b.at("args")),
    labels: b.read("labels", (n, p) => checkLabels(f.sink, n, p)) ?? {},
  };
}

function checkServiceNetworks(
  f: MapReader,
  node: LNode,
  at: string,
  ctx: RuntimeFieldContext,
): ServiceNetwork[] | undefined {
  const declared = ctx.declaredNetworks;
  const entries: { name: string; pos: LNode["pos"]; at: string; value?: LNode }[] = [];
  if (node.kind === "seq") {
    node.items.forEach((item, i) => {
      const name = readStringish(f.sink, item, indexPath(at, i));
      if (name !== undefined) entries.push({ name, pos: item.pos, at: indexPath(at, i) });
    });
  } else {
    const map = expectMap(
      f.sink,
      node,
      at,
      "a list of network names or a map of name → {aliases, ipv4Address}",
    );
    for (const e of map?.entries ?? [])
      entries.push({ name: e.key, pos: e.keyPos, at: childPath(at, e.key), value: e.value });
  }
  const out: ServiceNetwork[] = [];
  for (const e of entries) {
    if (e.name !== "default" && !declared.has(e.name)) {
      const hint =
        didYouMean(e.name, [...declared, "default"]) ??
        `declare it at the top level: networks: {${e.name}: {}}`;
      f.sink.error(
        e.pos,
        e.at,
        DiagnosticCode.undeclaredNetwork,
        `network "${e.name}" is not declared in top-level networks`,
        hint,
      );
      continue;
    }
    const net: ServiceNetwork = { name: e.name, aliases: [] };
    if (e.value !== undefined && !isNull(e.value)) {
      const m = expectMap(f.sink, e.value, e.at, "a map with aliases and ipv4Address");
      if (m !== undefined) {
        const n = new MapReader(f.sink, m, e.at, SERVICE_NETWORK_KEYS);
        const aliases = n.read("aliases", (x, p) => expectSeq(f.sink, x, p, "a list of aliases"));
        aliases?.items.forEach((item, i) => {
          const alias = readStringish(f.sink, item, indexPath(n.at("aliases"), i));
          if (alias !== undefined && !net.aliases.includes(alias)) net.aliases.push(alias);
        });
        net.aliases.sort();
        const ip = n.string("ipv4Address");
        if (ip !== undefined) {
          const octets = IPV4.exec(ip);
          if (octets === null || octets.slice(1).some((o) => Number(o) > 255))
            err(f, n.value("ipv4Address")!, n.at("ipv4Address"), `invalid IPv4 address "${ip}"`);
          else if (!ctx.subnetNetworks.has(e.name))
            err(
              f,
              n.value("ipv4Address")!,
              n.at("ipv4Address"),
              `a static ipv4Address needs an ipam subnet on network "${e.name}"`,
              `networks: {${e.name}: {ipam: {config: [{subnet: 172.28.0.0/16}]}}}`,
            );
          else net.ipv4Address = ip;
        }
      }
    }
    out.push(net);
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function checkNetworkMode(f: MapReader, node: LNode, at: string): ServiceSpec["networkMode"] {
  const text = readStringish(f.sink, node, at);
  if (text === undefined) return undefined;
  if (text === "host" || text === "none") return { kind: text };
  const m = /^(service|container):(.+)$/.exec(text);
  if (m?.[1] === "service") return { kind: "service", service: m[2] ?? "" };
  if (m?.[1] === "container") return { kind: "container", container: m[2] ?? "" };
  return err(f, node, at, `invalid networkMode "${text}"`, "host, none, service:<name> or container:<name>");
}

function checkContainerName(f: MapReader, replicas: number): string | undefined {
  const name = f.string("containerName");
  if (name === undefined) return undefined;
  const node = f.value("containerName")!;
  if (!CONTAINER_NAME.test(name))
    return err(
      f,
      node,
      f.at("containerName"),
      `invalid container name "${name}"`,
      "letters, digits, `_`, `.` and `-`",
    );
  if (replicas !== 1)
    return err(
      f,
      node,
      f.at("containerName"),
      `containerName needs replicas: 1 (got ${replicas})`,
      "one fixed name cannot be shared by several replicas",
    );
  return name;
}

function checkDevices(f: MapReader, node: LNode, at: string): ServiceSpec["devices"] {
  const seq = expectSeq(
    f.sink,
    node,
    at,
    'a list of "/dev/x[:/dev/y[:rwm]]" or {host, container, permissions}',
  );
  const out: NonNullable<ServiceSpec["devices"]> = [];
  seq?.items.forEach((item, i) => {
    const p = indexPath(at, i);
    let host: string | undefined;
    let container: string | undefined;
    let permissions: string | undefined;
    if (item.kind === "map") {
      const d = new MapReader(f.sink, item, p, DEVICE_KEYS);
      host = d.string("host");
      container = d.string("container");
      permissions = d.string("permissions");
    } else {
      const text = readStringish(f.sink, item, p);
      if (text === undefined) return;
      [host, container, permissions] = text.split(":");
    }
    container ??= host;
    permissions ??= "rwm";
    if (!host?.startsWith("/") || !container?.startsWith("/") || !/^[rwm]{1,3}$/.test(permissions)) {
      err(f, item, p, "a device needs absolute host and container paths and permissions from r, w, m");
      return;
    }
    out.push({ host, container, permissions });
  });
  return out.length > 0 ? out : undefined;
}

function checkLogging(f: MapReader, node: LNode, at: string): ServiceSpec["logging"] {
  const map = expectMap(f.sink, node, at, "a map with driver and options");
  if (map === undefined) return undefined;
  const l = new MapReader(f.sink, map, at, LOGGING_KEYS);
  const driver = l.require("driver", "e.g. driver: json-file") && l.string("driver");
  if (driver === undefined) return undefined;
  return { driver, options: stringMapOf(f, l.value("options"), l.at("options")) };
}
