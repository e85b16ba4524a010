import path from "node:path";
import type { PortSpec } from "../core/index.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import type { Located, ServiceDraft } from "./drafts.js";

const WILDCARDS = new Set(["0.0.0.0", "::"]);

/** A wildcard address binds every interface, so it overlaps every other address. */
export function hostIPsOverlap(a: string, b: string): boolean {
  return a === b || WILDCARDS.has(a) || WILDCARDS.has(b);
}

export function formatHostPort(p: PortSpec): string {
  const ip = p.hostIP.includes(":") ? `[${p.hostIP}]` : p.hostIP;
  return `${ip}:${p.host ?? "*"}/${p.protocol}`;
}

/**
 * Two fixed host ports anywhere in the project (across services or within one) with the same
 * protocol and port on overlapping addresses: the second one (document order) is the error.
 */
export function checkPortClashes(sink: DiagnosticSink, services: readonly ServiceDraft[]): void {
  const claimed: Located<PortSpec>[] = [];
  for (const service of services) {
    for (const port of service.ports) {
      const p = port.value;
      if (p.host === null) continue;
      const first = claimed.find(
        (c) =>
          c.value.protocol === p.protocol &&
          c.value.host === p.host &&
          hostIPsOverlap(c.value.hostIP, p.hostIP),
      );
      if (first === undefined) {
        claimed.push(port);
        continue;
      }
      const firstAddress = formatHostPort(first.value);
      const also = firstAddress === formatHostPort(p) ? "" : ` as ${firstAddress}`;
      sink.error(
        port.pos,
        port.path,
        DiagnosticCode.portClash,
        `host port ${formatHostPort(p)} is already claimed by ${first.path}${also} (${claimedAt(sink, first, port.path)})`,
        "choose another host port, or drop it to get an ephemeral one",
      );
    }
  }
}

/**
 * Where the first claim is: its line when it is in the same file as the report, else the file
 * too (an inventory's other host file), relative to the main file's folder as users write it.
 */
function claimedAt(sink: DiagnosticSink, first: Located<PortSpec>, reportPath: string): string {
  const file = sink.fileOf(first.path);
  if (file === sink.fileOf(reportPath)) return `line ${first.pos.line}`;
  return `${path.relative(path.dirname(sink.file), file)}:${first.pos.line}`;
}
