import type { DiagnosticSink } from "../manifest/diagnostic-sink.js";
import { DiagnosticCode, type Pos } from "../manifest/diagnostics.js";
import { indexPath, type LNode, type LSeq } from "../manifest/located.js";
import { map, scalar, seq, textOf } from "./nodes.js";

/**
 * Compose ports → native long-form ports. Compose publishes on every interface when no host IP
 * is written; that meaning is kept (hostIP 0.0.0.0, stated in the plan) and warned about.
 */
export function translatePorts(v: LNode, p: string, sink: DiagnosticSink): LSeq {
  const out = seq(v.pos);
  if (v.kind !== "seq") {
    sink.error(v.pos, p, DiagnosticCode.wrongType, "expected a list of ports");
    return out;
  }
  v.items.forEach((item, i) => {
    const ip = indexPath(p, i);
    if (item.kind === "map") {
      const get = (k: string) => {
        const n = item.entries.find((e) => e.key === k)?.value;
        return n && textOf(n);
      };
      for (const e of item.entries) {
        if (!["target", "published", "host_ip", "protocol", "mode", "name", "app_protocol"].includes(e.key)) {
          sink.error(e.keyPos, ip, DiagnosticCode.unknownKey, `unknown port key \`${e.key}\``);
        }
      }
      emit(
        out,
        item.pos,
        ip,
        sink,
        get("host_ip"),
        get("published"),
        get("target") ?? "",
        get("protocol") ?? "tcp",
      );
      return;
    }
    const text = textOf(item) ?? "";
    const m = /^(?:(?:\[([^\]]+)\]|([^:]*)):)??(?:([^:]*):)?([^:/]+)(?:\/(tcp|udp))?$/.exec(text);
    if (m === null) {
      sink.error(
        item.pos,
        ip,
        DiagnosticCode.invalidPort,
        `cannot read port \`${text}\``,
        "HOST_IP:HOST:CONTAINER/PROTOCOL",
      );
      return;
    }
    emit(out, item.pos, ip, sink, m[1] ?? m[2], m[3], m[4] ?? "", m[5] ?? "tcp");
  });
  return out;
}

function range(text: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (m === null) return undefined;
  const lo = Number(m[1]);
  return [lo, m[2] === undefined ? lo : Number(m[2])];
}

function emit(
  out: LSeq,
  pos: Pos,
  p: string,
  sink: DiagnosticSink,
  hostIP: string | undefined,
  published: string | undefined,
  target: string,
  protocol: string,
): void {
  const container = range(target);
  const host = published === undefined || published === "" ? undefined : range(published);
  if (container === undefined || (published && host === undefined)) {
    sink.error(
      pos,
      p,
      DiagnosticCode.invalidPort,
      `cannot read port numbers \`${published ?? ""}:${target}\``,
    );
    return;
  }
  const count = container[1] - container[0] + 1;
  if (host !== undefined && host[1] - host[0] + 1 !== count) {
    sink.error(pos, p, DiagnosticCode.invalidPort, "host and container port ranges differ in length");
    return;
  }
  const ip = hostIP === undefined || hostIP === "" ? "0.0.0.0" : hostIP;
  if (hostIP === undefined || hostIP === "") {
    sink.warn(
      pos,
      p,
      DiagnosticCode.invalidPort,
      "published on all interfaces (0.0.0.0), as Compose does",
      "write 127.0.0.1:HOST:CONTAINER to keep it local",
    );
  }
  for (let k = 0; k < count; k++) {
    const entries = [
      { key: "container", keyPos: pos, value: scalar(container[0] + k, pos) },
      { key: "protocol", keyPos: pos, value: scalar(protocol, pos) },
      { key: "hostIP", keyPos: pos, value: scalar(ip, pos) },
    ];
    if (host !== undefined) entries.push({ key: "host", keyPos: pos, value: scalar(host[0] + k, pos) });
    out.items.push(map(pos, entries));
  }
}
