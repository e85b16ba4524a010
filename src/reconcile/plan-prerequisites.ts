/** Stage 1 of planConvergence: the shared network, volumes and images, only when something is created. Pure. */
import type { ServiceSpec } from "../core/index.js";
import type { InstanceDiff } from "./diff.js";
import type { OpBuilder } from "./op-builder.js";
import { type PlanInput, runtimeNetworkName, serviceNetworkKeys, volumeName } from "./plan-input.js";
import { resourceState } from "./resource-clashes.js";

/** The prerequisite op ids a service's creates must wait for. */
export type Prerequisites = (spec: ServiceSpec) => number[];

export function planPrerequisites(b: OpBuilder, input: PlanInput, creating: InstanceDiff[]): Prerequisites {
  const { desired, observed, ownership } = input;
  const present = (
    found: { name: string; labels: Record<string, string> } | undefined,
    recorded: ReadonlySet<string>,
  ) => resourceState(found, desired.project, recorded, ownership.ownerId) !== "absent";
  // Builds go first and everything else waits for them: a failed build changes nothing.
  const imageOps = new Map<string, number>();
  const builds = creating.some((d) => d.instance.spec.build);
  if (builds) addImageOps(b, input, creating, imageOps);
  const buildIds = b.ops.filter((o) => o.kind === "ensure-image" && o.build).map((o) => o.id);
  // Every network a created container joins; without declared networks that is the one default.
  const netOps = new Map<string, number>();
  const keys = [...new Set(creating.flatMap((d) => serviceNetworkKeys(d.instance.spec)))].sort();
  for (const key of keys) {
    const netName = runtimeNetworkName(desired.project, key, desired.networks);
    const declared = desired.networks?.[key];
    const net = observed.networks.find((n) => n.name === netName);
    // External networks are not ours: never observed as ours, so always checked (never created).
    if (!declared?.external && present(net, ownership.networks)) continue;
    netOps.set(
      key,
      b.add({
        kind: "ensure-network",
        target: `network:${netName}`,
        group: `network:${netName}`,
        name: netName,
        ...(declared ? { network: declared } : {}),
        reason: { kind: "network-missing" },
        dependsOn: buildIds,
      }),
    );
  }
  const volOps = new Map<string, number>();
  for (const vol of Object.keys(desired.volumes).sort()) {
    const spec = desired.volumes[vol];
    const name = spec?.runtimeName ?? volumeName(desired.project, vol);
    const used = creating.some((d) =>
      d.instance.spec.volumes.some((m) => m.type === "volume" && m.source === vol),
    );
    const found = observed.volumes.find((v) => v.name === name);
    // An external volume is checked to exist (Docker would silently create a missing one on mount).
    if (used && (spec?.external || !present(found, ownership.volumes))) {
      volOps.set(
        vol,
        b.add({
          kind: "ensure-volume",
          target: `volume:${name}`,
          group: `volume:${name}`,
          name,
          volume: vol,
          ...(spec && (spec.external || spec.driver || spec.driverOpts) ? { spec } : {}),
          reason: { kind: "volume-missing" },
          dependsOn: buildIds,
        }),
      );
    }
  }
  if (!builds) addImageOps(b, input, creating, imageOps);
  return (spec) => [
    ...serviceNetworkKeys(spec).flatMap((k) => {
      const id = netOps.get(k);
      return id ? [id] : [];
    }),
    ...spec.volumes.flatMap((m) => {
      const id = m.type === "volume" ? volOps.get(m.source) : undefined;
      return id ? [id] : [];
    }),
    ...(imageOps.has(spec.image) ? [imageOps.get(spec.image) as number] : []),
  ];
}

/** The build causes the recreates of this image's instances carry (see spec-change.ts), de-duplicated. */
function buildChanges(creating: InstanceDiff[], ref: string): string[] {
  const out = new Set<string>();
  for (const d of creating) {
    if (d.instance.spec.image !== ref || d.why.kind !== "spec-changed") continue;
    for (const f of d.why.fields) if (f.startsWith("build")) out.add(f);
  }
  return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** ensure-image ops (pull or build) per image the created containers use. */
function addImageOps(
  b: OpBuilder,
  input: PlanInput,
  creating: InstanceDiff[],
  imageOps: Map<string, number>,
): void {
  const { observed } = input;
  for (const ref of [...new Set(creating.map((d) => d.instance.spec.image))].sort()) {
    const moved = input.tagMoves?.[ref];
    if (!observed.images[ref] || moved) {
      const builder = creating.find((d) => d.instance.spec.image === ref && d.instance.spec.build);
      const build = builder?.instance.spec.build;
      imageOps.set(
        ref,
        b.add({
          kind: "ensure-image",
          target: `image:${ref}`,
          group: `image:${ref}`,
          ref,
          ...(build ? { build } : {}),
          ...(moved && !build ? { pull: "always" as const } : {}),
          reason:
            builder && build
              ? { kind: "build", service: builder.instance.service, changes: buildChanges(creating, ref) }
              : moved
                ? { kind: "tag-moved", image: ref, ...(moved.from ? { from: moved.from } : {}), to: moved.to }
                : { kind: "image-missing" },
          dependsOn: [],
        }),
      );
    }
  }
}
