/**
 * What `container` cannot do, as checks on plain values. Shared by unsupportedFields (the
 * planner fails before mutation) and create() (the adapter refuses before it runs anything).
 * Every reason says "not supported on runtime apple" and why (reference §1.2, pitfalls 8–15).
 */
import type { DependencyCondition, PortSpec, RestartPolicyName, VolumeMount } from "../../core/index.js";

export interface UnsupportedField {
  field: string;
  reason: string;
}

const MIB = 1024 * 1024;
export const MIN_MEMORY_BYTES = 200 * MIB;
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const NETWORK_NAME = /^[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?$/;
const RESERVED_LABEL_PREFIX = "com.apple.container.";

const no = (what: string, why: string) => `${what} is not supported on runtime apple: ${why}`;

export function checkCpus(cpus: number | undefined): string | undefined {
  if (cpus === undefined || (Number.isInteger(cpus) && cpus >= 1)) return undefined;
  return no(`cpus ${cpus}`, "`container --cpus` takes whole numbers of CPUs (at least 1)");
}

export function checkMemory(bytes: number | undefined): string | undefined {
  if (bytes === undefined) return undefined;
  if (bytes < MIN_MEMORY_BYTES)
    return no(`memory below 200MiB (${bytes} bytes)`, "each container is a VM with a 200MiB minimum");
  if (bytes % MIB !== 0)
    return no(`memory of ${bytes} bytes`, "the runtime truncates memory to whole MiB; use a MiB multiple");
  return undefined;
}

export function checkPorts(ports: readonly PortSpec[], field = "ports"): UnsupportedField[] {
  const problems: UnsupportedField[] = [];
  if (ports.length > 64)
    problems.push({ field, reason: no("more than 64 port mappings", "the CLI accepts at most 64") });
  ports.forEach((p, i) => {
    if (p.host === null) {
      problems.push({
        field: `${field}[${i}].host`,
        reason: no("an ephemeral host port", "`container -p` needs an explicit host port"),
      });
    }
    if ((p.host !== null && p.host <= 1) || p.container <= 1) {
      problems.push({ field: `${field}[${i}]`, reason: no("port 0 or 1", "the CLI rejects ports below 2") });
    }
  });
  return problems;
}

export function checkMounts(
  mounts: readonly VolumeMount[],
  replicas: number,
  field = "volumes",
): UnsupportedField[] {
  const problems: UnsupportedField[] = [];
  mounts.forEach((m, i) => {
    if (m.type !== "tmpfs" && (m.source.includes(":") || m.target.includes(":") || m.target.includes(","))) {
      problems.push({
        field: `${field}[${i}]`,
        reason: no("a mount path containing ':' or ','", "`-v` cannot express it"),
      });
    }
    if (m.type === "volume" && !m.readOnly && replicas > 1) {
      problems.push({
        field: `${field}[${i}]`,
        reason: no(
          `volume "${m.source}" mounted read-write by ${replicas} replicas`,
          "named volumes are ext4 disk images and concurrent writers corrupt them; mount it readOnly or use 1 replica",
        ),
      });
    }
  });
  return problems;
}

export function checkLabels(labels: Record<string, string>, field = "labels"): UnsupportedField[] {
  return Object.keys(labels).flatMap((key) => {
    if (key.startsWith(RESERVED_LABEL_PREFIX)) {
      return [
        {
          field: `${field}.${key}`,
          reason: no(
            `the label prefix ${RESERVED_LABEL_PREFIX}`,
            "it is reserved by the runtime (it can hide the container)",
          ),
        },
      ];
    }
    if (key.includes("=") || key === "") {
      return [
        {
          field: `${field}.${key}`,
          reason: no("an empty label key or one containing '='", "`-l key=value` cannot express it"),
        },
      ];
    }
    return [];
  });
}

/** `-u name|uid[:gid]`: a group must be numeric (there is no way to pass a group name). */
export function checkGroup(group: string | undefined): string | undefined {
  if (group === undefined || /^\d+$/.test(group)) return undefined;
  return no(
    `group "${group}" by name`,
    "`container --user` takes name|uid[:gid], so the group must be a numeric gid",
  );
}

export function checkContainerName(name: string): string | undefined {
  if (CONTAINER_NAME.test(name) && name.length <= 63) return undefined;
  return no(
    `the container name "${name}"`,
    "names are 2–63 characters of [a-zA-Z0-9_.-] starting with a letter or digit",
  );
}

export function checkNetworkName(name: string): string | undefined {
  if (NETWORK_NAME.test(name)) return undefined;
  return no(
    `the network name "${name}"`,
    "network names must be lowercase [a-z0-9._-], at most 63 characters",
  );
}

/**
 * `container list` reports `stopped` and never an exit code (reference §2.2, pitfall 2), so
 * nothing that hinges on *how* a container exited can be honoured: on-failure would restart
 * clean exits too, and waiting for a dependency to complete could never see it succeed.
 */
export function checkExitCodeUses(
  policy: RestartPolicyName,
  dependsOn: Record<string, DependencyCondition>,
): UnsupportedField[] {
  const noExitCode = "the runtime reports no exit codes, so";
  const problems: UnsupportedField[] = [];
  if (policy === "on-failure") {
    problems.push({
      field: "restart.policy",
      reason: no(
        "restart policy on-failure",
        `${noExitCode} a failure cannot be told from a clean exit; use always, unless-stopped or no`,
      ),
    });
  }
  for (const [dependency, condition] of Object.entries(dependsOn)) {
    if (condition !== "completed") continue;
    problems.push({
      field: `dependsOn.${dependency}`,
      reason: no(
        `waiting for ${dependency} to complete`,
        `${noExitCode} a successful completion cannot be told from a failure; use started, or ready with a readiness probe`,
      ),
    });
  }
  return problems;
}
