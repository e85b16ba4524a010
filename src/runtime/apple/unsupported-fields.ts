/**
 * Every manifest field a service sets that runtime apple cannot honour, so the planner can
 * block the service before anything changes. Restart policies and probes are NOT listed: the
 * daemon implements them itself by polling and `container exec` (capabilities say so), except
 * what needs an exit code the runtime never reports (on-failure, `dependsOn: completed`).
 */
import type { ContainerCreateSpec, ServiceSpec } from "../../core/index.js";
import {
  checkContainerName,
  checkCpus,
  checkExitCodeUses,
  checkGroup,
  checkLabels,
  checkMemory,
  checkMounts,
  checkNetworkName,
  checkPorts,
  type UnsupportedField,
} from "./runtime-limits.js";

import { unsupportedOptions } from "./unsupported-options.js";

export type { UnsupportedField } from "./runtime-limits.js";

function push(list: UnsupportedField[], field: string, reason: string | undefined): void {
  if (reason !== undefined) list.push({ field, reason });
}

/** `project`, when known, lets the name-length rule (≤63 characters) be checked too. */
export function unsupportedFields(desiredService: ServiceSpec, project?: string): UnsupportedField[] {
  const s = desiredService;
  const problems: UnsupportedField[] = [];
  push(problems, "resources.cpus", checkCpus(s.resources.cpus));
  push(problems, "resources.memory", checkMemory(s.resources.memoryBytes));
  problems.push(...checkPorts(s.ports));
  problems.push(...checkMounts(s.volumes, s.replicas));
  problems.push(...checkLabels(s.labels));
  push(problems, "group", checkGroup(s.group));
  problems.push(...checkExitCodeUses(s.restart.policy, s.dependsOn));
  problems.push(...unsupportedOptions(s));
  if (project !== undefined && s.replicas > 0) {
    push(problems, "name", checkContainerName(`${project}-${s.name}-${s.replicas}`));
  }
  return problems;
}

/** The same rules on the adapter's input, plus what only a create spec can carry. */
export function unsupportedCreateFields(spec: ContainerCreateSpec): UnsupportedField[] {
  const problems: UnsupportedField[] = [];
  push(problems, "name", checkContainerName(spec.name));
  push(problems, "cpus", checkCpus(spec.cpus));
  push(problems, "memory", checkMemory(spec.memoryBytes));
  problems.push(...checkPorts(spec.ports));
  problems.push(...checkMounts(spec.volumes, 1));
  problems.push(...checkLabels(spec.labels));
  push(problems, "user", checkGroup(spec.user?.split(":")[1]));
  if (spec.network) push(problems, "network", checkNetworkName(spec.network.name));
  if (spec.stopSignal !== undefined) {
    problems.push({
      field: "stopSignal",
      reason:
        "a stop signal is not supported on runtime apple: `container create` has no --stop-signal (the image's STOPSIGNAL, else SIGTERM, is used)",
    });
  }
  return problems;
}
