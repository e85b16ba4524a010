/**
 * Nothing is silently ignored: a manifest field the chosen runtime cannot honour fails here, before
 * anything changes, naming the service and the field.
 */
import {
  type Capabilities,
  type Desired,
  ExitCode,
  HwError,
  type RuntimeAdapter,
  RuntimeErrorCode,
} from "../core/index.js";

/** One field the runtime cannot honour: the field path and what is wrong, kept apart until rendered. */
interface Problem {
  field: string;
  reason: string;
}

function capabilityProblems(runtime: string, caps: Capabilities, desired: Desired): Problem[] {
  const out: Problem[] = [];
  const add = (field: string, what?: string) =>
    out.push({ field, reason: `${what ? `${what} ` : ""}is not supported on runtime ${runtime}` });
  for (const s of desired.services) {
    const at = `services.${s.name}`;
    if (!caps.udp && s.ports.some((p) => p.protocol === "udp")) add(`${at}.ports`, "udp");
    if (!caps.ephemeralHostPorts && s.ports.some((p) => p.host === null))
      add(`${at}.ports`, "ephemeral host port");
    if (!caps.tmpfs && s.volumes.some((v) => v.type === "tmpfs")) add(`${at}.volumes`, "tmpfs");
    if (!caps.fractionalCpus && s.resources.cpus !== undefined && !Number.isInteger(s.resources.cpus)) {
      add(`${at}.resources.cpus`, `fractional cpus (${s.resources.cpus})`);
    }
    if (!caps.init && s.init) add(`${at}.init`);
    if (!caps.readOnlyRootFilesystem && s.readOnlyRootFilesystem) add(`${at}.readOnlyRootFilesystem`);
    if (!caps.shmSize && s.shmSizeBytes !== undefined) add(`${at}.shmSize`);
    if (!caps.user && (s.user !== undefined || s.group !== undefined)) add(`${at}.user/group`);
    // Pinning to nodes means nothing on one machine: refuse rather than run it "somewhere".
    if (!caps.placement && s.placement)
      out.push({
        field: `${at}.placement`,
        reason: `placement needs --runtime swarm (${runtime} runs on one machine)`,
      });
  }
  return out;
}

const render = (p: Problem) =>
  p.reason.startsWith("is ") ? `${p.field} ${p.reason}` : `${p.field}: ${p.reason}`;

export function unsupportedFields(runtime: string, caps: Capabilities, desired: Desired): string[] {
  return capabilityProblems(runtime, caps, desired).map(render);
}

export function assertRuntimeSupports(runtime: RuntimeAdapter, caps: Capabilities, desired: Desired): void {
  const problems = capabilityProblems(runtime.name, caps, desired);
  // The adapter's own limits, minus what the capability flags already reported for the same field.
  const reported = problems.map((p) => p.field);
  for (const s of desired.services) {
    for (const f of runtime.unsupportedFields?.(s, desired.project) ?? []) {
      const field = `services.${s.name}.${f.field.replace(/^services\.[^.]+\./, "")}`;
      if (!reported.some((r) => field.startsWith(r.replace(/\[.*$/, ""))))
        problems.push({ field, reason: f.reason });
    }
  }
  if (problems.length > 0) {
    throw new HwError(RuntimeErrorCode.unsupported, problems.map(render).join("; "), {
      exitCode: ExitCode.invalidManifest,
      hint: "remove or change these fields, or use a runtime that supports them (see the runtime support matrix in README)",
    });
  }
}
