/**
 * planOperatorAction: `hostwright stop/start [service]` as a plan, so an operator stop goes through
 * the executor like everything else (intent journaled before each call). Only owned containers;
 * stopping a stopped one or starting a running one is left out. Pure.
 */
import { compareCodeUnits, Labels, type Observed } from "../core/index.js";
import { OpBuilder } from "./op-builder.js";
import { containerProvenance } from "./ownership.js";
import { planHash } from "./plan-hash.js";
import type { OwnershipView } from "./plan-input.js";
import type { Plan } from "./plan-types.js";

export interface OperatorInput {
  project: string;
  observed: Observed;
  ownership: OwnershipView;
  action: "stop" | "start";
  /** Only this service's containers (all services when absent). */
  service?: string;
  /** Declared stop grace per service (default 10s, the manifest's default). */
  graceMs: (service: string) => number;
}

export function planOperatorAction(input: OperatorInput): Plan {
  const { project, observed, action } = input;
  const b = new OpBuilder();
  const targets = observed.containers
    .filter(
      (c) =>
        containerProvenance(c, project, input.ownership).owned &&
        (!input.service || c.labels[Labels.service] === input.service),
    )
    .sort((x, y) => compareCodeUnits(x.name, y.name));
  for (const c of targets) {
    const service = c.labels[Labels.service] ?? "?";
    const running = c.state === "running" || c.state === "restarting" || c.state === "paused";
    const common = {
      target: `container:${c.name}`,
      group: service,
      service,
      name: c.name,
      runtimeId: c.id,
      dependsOn: [],
    };
    if (action === "stop" && running) {
      b.add({ kind: "stop", ...common, graceMs: input.graceMs(service), reason: { kind: "operator-stop" } });
    } else if (action === "start" && !running) {
      b.add({ kind: "start", ...common, reason: { kind: "operator-start" } });
    }
  }
  const plan = {
    project,
    desiredHash: "",
    observedAt: observed.takenAt,
    drift: [],
    services: [],
    ops: b.ops,
    blocked: [],
  };
  return { ...plan, hash: planHash(plan) };
}

/** The owned containers an operator action is about (whether or not they need an op). */
export function operatorTargets(input: Omit<OperatorInput, "action" | "graceMs">): string[] {
  return input.observed.containers
    .filter(
      (c) =>
        containerProvenance(c, input.project, input.ownership).owned &&
        (!input.service || c.labels[Labels.service] === input.service),
    )
    .map((c) => c.name)
    .sort(compareCodeUnits);
}
