/** Stage 1 of planConvergence: the shared network, volumes and images, only when something is created. Pure. */
import type { ServiceSpec } from "../core/index.js";
import type { InstanceDiff } from "./diff.js";
import type { OpBuilder } from "./op-builder.js";
import { networkName, type PlanInput, volumeName } from "./plan-input.js";
import { resourceState } from "./resource-clashes.js";

/** The prerequisite op ids a service's creates must wait for. */
export type Prerequisites = (spec: ServiceSpec) => number[];

export function planPrerequisites(b: OpBuilder, input: PlanInput, creating: InstanceDiff[]): Prerequisites {
  const { desired, observed, ownership } = input;
  const present = (
    found: { name: string; labels: Record<string, string> } | undefined,
    recorded: ReadonlySet<string>,
  ) => resourceState(found, desired.project, recorded, ownership.ownerId) !== "absent";
  const netName = networkName(desired.project);
  let netOp: number | undefined;
  const net = observed.networks.find((n) => n.name === netName);
  if (creating.length > 0 && !present(net, ownership.networks)) {
    netOp = b.add({
      kind: "ensure-network",
      target: `network:${netName}`,
      group: `network:${netName}`,
      name: netName,
      reason: { kind: "network-missing" },
      dependsOn: [],
    });
  }
  const volOps = new Map<string, number>();
  for (const vol of Object.keys(desired.volumes).sort()) {
    const name = volumeName(desired.project, vol);
    const used = creating.some((d) =>
      d.instance.spec.volumes.some((m) => m.type === "volume" && m.source === vol),
    );
    const found = observed.volumes.find((v) => v.name === name);
    if (used && !present(found, ownership.volumes)) {
      volOps.set(
        vol,
        b.add({
          kind: "ensure-volume",
          target: `volume:${name}`,
          group: `volume:${name}`,
          name,
          volume: vol,
          reason: { kind: "volume-missing" },
          dependsOn: [],
        }),
      );
    }
  }
  const imageOps = new Map<string, number>();
  for (const ref of [...new Set(creating.map((d) => d.instance.spec.image))].sort()) {
    if (!observed.images[ref]) {
      imageOps.set(
        ref,
        b.add({
          kind: "ensure-image",
          target: `image:${ref}`,
          group: `image:${ref}`,
          ref,
          reason: { kind: "image-missing" },
          dependsOn: [],
        }),
      );
    }
  }
  return (spec) => [
    ...(netOp ? [netOp] : []),
    ...spec.volumes.flatMap((m) => {
      const id = m.type === "volume" ? volOps.get(m.source) : undefined;
      return id ? [id] : [];
    }),
    ...(imageOps.has(spec.image) ? [imageOps.get(spec.image) as number] : []),
  ];
}
