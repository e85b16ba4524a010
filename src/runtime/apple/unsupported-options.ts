/**
 * The optional (Compose-grade) service fields runtime apple cannot honour: `container create`
 * has no flag for them, so each one set is refused before anything changes, never dropped.
 */
import type { ServiceSpec } from "../../core/index.js";
import type { UnsupportedField } from "./runtime-limits.js";

const NO_FLAG: readonly (keyof ServiceSpec)[] = [
  "build",
  "networkMode",
  "hostname",
  "domainname",
  "extraHosts",
  "dnsOptions",
  "capAdd",
  "capDrop",
  "privileged",
  "devices",
  "sysctls",
  "ulimits",
  "securityOpt",
  "pid",
  "ipc",
  "tty",
  "stdinOpen",
  "logging",
  "stopSignal",
  "healthcheck",
  "files",
  "containerName",
  "expose",
  "runtime",
];

export function unsupportedOptions(s: ServiceSpec): UnsupportedField[] {
  const out: UnsupportedField[] = [];
  const no = (field: string, what: string) =>
    out.push({
      field,
      reason: `${what} is not supported on runtime apple: \`container create\` has no flag for it`,
    });
  for (const f of NO_FLAG) if (s[f] !== undefined) no(f, f);
  // dns/dnsSearch have flags on `container create`, but this adapter does not pass them yet.
  if (s.dns !== undefined) no("dns", "dns");
  if (s.dnsSearch !== undefined) no("dnsSearch", "dnsSearch");
  if (s.platform !== undefined) no("platform", "platform");
  const nets = s.networks ?? [];
  if (nets.length > 1 || nets.some((n) => n.name !== "default"))
    no("networks", "joining networks other than the project network");
  if (nets.some((n) => n.ipv4Address !== undefined)) no("networks", "a static IPv4 address");
  if (nets.some((n) => n.aliases.length > 0)) no("networks", "extra network aliases");
  if (s.resources.reservations !== undefined) no("resources.reservations", "resource reservations");
  if (s.resources.pidsLimit !== undefined) no("resources.pidsLimit", "a pids limit");
  for (const v of s.volumes) {
    if (v.tmpfs || v.bind || v.volume) no("volumes", `mount options on ${v.target}`);
    if (v.type === "volume" && v.source === "") no("volumes", `an anonymous volume at ${v.target}`);
  }
  return out;
}
