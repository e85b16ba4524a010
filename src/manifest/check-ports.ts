import { isIP } from "node:net";
import type { PortSpec, Protocol } from "../core/index.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import type { Located } from "./drafts.js";
import { PORT_FOREIGN } from "./foreign-keys.js";
import { PORT_KEYS } from "./known-keys.js";
import { describeNode, indexPath, isNull, type LNode } from "./located.js";
import { expectSeq, MapReader, readEnum, readInt } from "./map-reader.js";

export const DEFAULT_HOST_IP = "127.0.0.1";
const PORT_SYNTAX_HINT = 'write "8080", "18080:8080", "0.0.0.0:18080:8080" or "18080:8080/udp"';

/** `ports:` of one service. Invalid entries are reported and left out. */
export function checkPorts(sink: DiagnosticSink, node: LNode, path: string): Located<PortSpec>[] {
  if (isNull(node)) return [];
  const seq = expectSeq(sink, node, path);
  if (seq === undefined) return [];
  const out: Located<PortSpec>[] = [];
  seq.items.forEach((item, i) => {
    const itemPath = indexPath(path, i);
    const spec = checkPort(sink, item, itemPath);
    if (spec !== undefined) out.push({ value: spec, pos: item.pos, path: itemPath });
  });
  return out;
}

function checkPort(sink: DiagnosticSink, node: LNode, path: string): PortSpec | undefined {
  if (node.kind === "scalar" && typeof node.value === "number") {
    const container = checkPortNumber(sink, node, path, String(node.value));
    return container === undefined
      ? undefined
      : { hostIP: DEFAULT_HOST_IP, host: null, container, protocol: "tcp" };
  }
  if (node.kind === "scalar" && typeof node.value === "string") {
    const parsed = parsePortString(node.value);
    if (typeof parsed === "string") {
      sink.error(node.pos, path, DiagnosticCode.invalidPort, parsed, PORT_SYNTAX_HINT);
      return undefined;
    }
    return parsed;
  }
  if (node.kind !== "map") {
    sink.error(
      node.pos,
      path,
      DiagnosticCode.wrongType,
      `expected a port string or map, got ${describeNode(node)}`,
      PORT_SYNTAX_HINT,
    );
    return undefined;
  }
  const fields = new MapReader(sink, node, path, PORT_KEYS, PORT_FOREIGN);
  const containerEntry = fields.require("container");
  const container = containerEntry && readInt(sink, containerEntry.value, fields.at("container"), 1, 65535);
  const hostNode = fields.value("host");
  const host =
    hostNode === undefined || isNull(hostNode) ? null : readInt(sink, hostNode, fields.at("host"), 1, 65535);
  const protocolNode = fields.value("protocol");
  const protocol = protocolNode
    ? readEnum<Protocol>(sink, protocolNode, fields.at("protocol"), ["tcp", "udp"])
    : "tcp";
  const hostIPNode = fields.value("hostIP");
  let hostIP: string | undefined = DEFAULT_HOST_IP;
  if (hostIPNode !== undefined) {
    const text = hostIPNode.kind === "scalar" ? String(hostIPNode.value) : "";
    hostIP = isIP(text) === 0 ? undefined : text;
    if (hostIP === undefined) {
      sink.error(
        hostIPNode.pos,
        fields.at("hostIP"),
        DiagnosticCode.invalidPort,
        `"${text}" is not an IP address`,
      );
    }
  }
  if (container === undefined || host === undefined || protocol === undefined || hostIP === undefined)
    return undefined;
  return { hostIP, host, container, protocol };
}

function checkPortNumber(sink: DiagnosticSink, node: LNode, path: string, text: string): number | undefined {
  const n = Number(text);
  if (Number.isInteger(n) && n >= 1 && n <= 65535) return n;
  sink.error(node.pos, path, DiagnosticCode.invalidPort, `port ${text} is out of range 1..65535`);
  return undefined;
}

/** "[ip:][host:]container[/protocol]" → PortSpec, or a message saying what is wrong. */
export function parsePortString(text: string): PortSpec | string {
  const slash = text.lastIndexOf("/");
  const address = slash === -1 ? text : text.slice(0, slash);
  const protocol = slash === -1 ? "tcp" : text.slice(slash + 1);
  if (protocol !== "tcp" && protocol !== "udp") return `unsupported protocol "${protocol}" (tcp or udp)`;
  let ip: string | undefined;
  let rest = address;
  if (address.startsWith("[")) {
    const close = address.indexOf("]:");
    if (close === -1) return `cannot read port "${text}"`;
    ip = address.slice(1, close);
    rest = address.slice(close + 2);
  }
  const parts = rest.split(":");
  if (ip === undefined && parts.length === 3) ip = parts.shift();
  if (parts.length > 2 || (ip !== undefined && parts.length !== 2)) return `cannot read port "${text}"`;
  if (ip !== undefined && isIP(ip) === 0) return `"${ip}" is not an IP address`;
  const [first, second] = parts;
  const hostText = parts.length === 2 ? first : undefined;
  const containerText = parts.length === 2 ? second : first;
  if (`${hostText ?? ""}${containerText ?? ""}`.includes("-"))
    return `port ranges are not supported ("${text}")`;
  const container = parsePortNumber(containerText ?? "");
  if (typeof container === "string") return container;
  let host: number | null = null;
  if (hostText !== undefined && hostText !== "") {
    const parsed = parsePortNumber(hostText);
    if (typeof parsed === "string") return parsed;
    host = parsed;
  }
  return { hostIP: ip ?? DEFAULT_HOST_IP, host, container, protocol };
}

function parsePortNumber(text: string): number | string {
  if (!/^\d+$/.test(text)) return text === "" ? "missing container port" : `"${text}" is not a port number`;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : `port ${text} is out of range 1..65535`;
}
