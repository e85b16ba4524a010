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

export function unsupportedFields(runtime: string, caps: Capabilities, desired: Desired): string[] {
  const out: string[] = [];
  for (const s of desired.services) {
    const at = `services.${s.name}`;
    if (!caps.udp && s.ports.some((p) => p.protocol === "udp")) out.push(`${at}.ports: udp`);
    if (!caps.ephemeralHostPorts && s.ports.some((p) => p.host === null))
      out.push(`${at}.ports: ephemeral host port`);
    if (!caps.tmpfs && s.volumes.some((v) => v.type === "tmpfs")) out.push(`${at}.volumes: tmpfs`);
    if (!caps.fractionalCpus && s.resources.cpus !== undefined && !Number.isInteger(s.resources.cpus)) {
      out.push(`${at}.resources.cpus: fractional cpus (${s.resources.cpus})`);
    }
    if (!caps.init && s.init) out.push(`${at}.init`);
    if (!caps.readOnlyRootFilesystem && s.readOnlyRootFilesystem) out.push(`${at}.readOnlyRootFilesystem`);
    if (!caps.shmSize && s.shmSizeBytes !== undefined) out.push(`${at}.shmSize`);
    if (!caps.user && (s.user !== undefined || s.group !== undefined)) out.push(`${at}.user/group`);
  }
  return out.map((f) => `${f} is not supported on runtime ${runtime}`);
}

export function assertRuntimeSupports(runtime: RuntimeAdapter, caps: Capabilities, desired: Desired): void {
  const problems = unsupportedFields(runtime.name, caps, desired);
  // The adapter's own limits, minus what the capability flags already reported for the same field.
  const reported = new Set(problems.map((p) => p.split(":")[0]));
  for (const s of desired.services) {
    for (const f of runtime.unsupportedFields?.(s, desired.project) ?? []) {
      const field = `services.${s.name}.${f.field.replace(/^services\.[^.]+\./, "")}`;
      if (![...reported].some((r) => r !== undefined && field.startsWith(r.replace(/\[.*$/, ""))))
        problems.push(`${field}: ${f.reason}`);
    }
  }
  if (problems.length > 0) {
    throw new HwError(RuntimeErrorCode.unsupported, problems.join("; "), {
      exitCode: ExitCode.invalidManifest,
      hint: "remove or change these fields, or use a runtime that supports them (see the runtime support matrix in README)",
    });
  }
}
