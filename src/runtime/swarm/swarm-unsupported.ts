/**
 * What Swarm services cannot honour (or Hostwright does not map yet), checked before anything
 * changes. Each problem names the field under the service and says why, with what to use instead
 * folded into the reason, so apply refuses the manifest instead of dropping the field.
 */
import type { ServiceSpec } from "../../core/index.js";

export interface SwarmProblem {
  field: string;
  reason: string;
}

const NOT_ON_SWARM = "is not supported on runtime swarm";

/** Fields Swarm's service API has no place for. */
const REFUSED_FIELDS: readonly { key: keyof ServiceSpec; why: string }[] = [
  {
    key: "build",
    why: `${NOT_ON_SWARM} (build on the single-machine runtime and push the image to a registry every node can pull from)`,
  },
  { key: "privileged", why: `${NOT_ON_SWARM} (swarm services cannot be privileged; use capAdd)` },
  { key: "devices", why: NOT_ON_SWARM },
  { key: "securityOpt", why: NOT_ON_SWARM },
  { key: "pid", why: NOT_ON_SWARM },
  { key: "ipc", why: NOT_ON_SWARM },
  { key: "shmSizeBytes", why: `${NOT_ON_SWARM} (mount a tmpfs at /dev/shm instead)` },
  { key: "runtime", why: NOT_ON_SWARM },
  {
    key: "expose",
    why: `${NOT_ON_SWARM} (services on an overlay network reach each other's ports without it)`,
  },
  { key: "domainname", why: NOT_ON_SWARM },
  { key: "platform", why: `${NOT_ON_SWARM} (use placement.constraints: node.platform.arch==…)` },
  { key: "networkMode", why: `${NOT_ON_SWARM} (swarm services join overlay networks)` },
  { key: "containerName", why: `${NOT_ON_SWARM} (a swarm service is named <project>_<service>)` },
  {
    key: "secretEnv",
    why: `${NOT_ON_SWARM} (the value would sit in the service spec for anyone who can inspect it: mount it as a file instead, files: with kind secret becomes a Swarm secret by reference)`,
  },
];

function present(s: ServiceSpec, key: keyof ServiceSpec): boolean {
  const v = s[key];
  if (v === undefined || v === false) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object" && v !== null) return Object.keys(v).length > 0;
  return true;
}

export function swarmUnsupportedFields(s: ServiceSpec): SwarmProblem[] {
  const out: SwarmProblem[] = [];
  for (const { key, why } of REFUSED_FIELDS) if (present(s, key)) out.push({ field: key, reason: why });
  s.ports.forEach((p, i) => {
    if (p.hostIP !== "0.0.0.0" && p.hostIP !== "")
      out.push({
        field: `ports[${i}]`,
        reason: `publishing on ${p.hostIP} ${NOT_ON_SWARM} (swarm publishes a port on every node's addresses: write 0.0.0.0:${p.host ?? ""}:${p.container})`,
      });
  });
  s.volumes.forEach((v, i) => {
    if (v.type === "bind" && v.bind?.createHostPath)
      out.push({
        field: `volumes[${i}]`,
        reason: `creating a missing bind source ${NOT_ON_SWARM} (the path must exist on every node the service may run on; set createHostPath: false)`,
      });
    if (v.bind?.selinux !== undefined)
      out.push({ field: `volumes[${i}]`, reason: `SELinux relabelling ${NOT_ON_SWARM}` });
    if (v.volume?.subpath !== undefined)
      out.push({ field: `volumes[${i}]`, reason: `volume subpath ${NOT_ON_SWARM}` });
  });
  (s.networks ?? []).forEach((n, i) => {
    if (n.ipv4Address !== undefined)
      out.push({
        field: `networks[${i}]`,
        reason: `a static address ${NOT_ON_SWARM} (the overlay assigns task addresses)`,
      });
  });
  if ((s.placement?.nodes.length ?? 0) > 1)
    out.push({
      field: "placement.nodes",
      reason: `several nodes ${NOT_ON_SWARM} (swarm ANDs constraints: label those nodes and use placement.constraints: node.labels.X==Y)`,
    });
  const probes = s.probes;
  if (probes.startup || probes.readiness || probes.liveness)
    out.push({
      field: "probes",
      reason: `Hostwright's own probes ${NOT_ON_SWARM} (tasks run on other machines; use healthcheck:, which every node's engine runs)`,
    });
  if (s.update.failureAction !== "rollback" && s.update.failureAction !== "pause")
    out.push({ field: "update.failureAction", reason: NOT_ON_SWARM });
  return out;
}
