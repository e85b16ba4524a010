/**
 * Recovery from interrupted applies: before planning anything new, every operation intent without
 * a result is resolved against a fresh observation. A create whose container exists with our
 * labels and owner id is adopted (its ownership confirmed); anything else is left to the planner,
 * which re-plans it from what is observed. Nothing is duplicated and nothing is leaked.
 */
import { type HwEvent, Labels, type Observed, shortId } from "../core/index.js";
import { type Store, setProjectState } from "../store/index.js";

export interface RecoveryItem {
  operation: number;
  kind: string;
  target: string;
  resolution: "adopted" | "replanned";
  note: string;
}

export function recoverInterrupted(
  store: Store,
  observed: Observed,
  correlationId: string,
  emit: (e: HwEvent) => void,
): RecoveryItem[] {
  const project = observed.project;
  const items: RecoveryItem[] = [];
  for (const op of store.unfinishedOperations(project)) {
    const name = op.target.replace(/^\w+:/, "");
    const container = observed.containers.find((c) => c.name === name);
    let item: RecoveryItem;
    if (op.kind === "create" && container && container.labels[Labels.owner] === store.ownerId) {
      const rec = store.ownership("container", name);
      if (!rec)
        store.intendOwnership({
          project,
          kind: "container",
          name,
          ...(container.labels[Labels.service] ? { service: container.labels[Labels.service] } : {}),
        });
      store.confirmOwnership("container", name, {
        runtimeId: container.id,
        ...(container.labels[Labels.specHash] ? { specHash: container.labels[Labels.specHash] } : {}),
      });
      item = {
        operation: op.id,
        kind: op.kind,
        target: op.target,
        resolution: "adopted",
        note: `container ${shortId(container.id)} exists with our labels; adopted`,
      };
    } else {
      const seen = container ? `now ${container.state}` : "not present";
      item = {
        operation: op.id,
        kind: op.kind,
        target: op.target,
        resolution: "replanned",
        note: `interrupted ${op.kind}; ${name} ${seen}; re-planned from observation`,
      };
    }
    store.resolveOperation(op.id, { resolution: item.resolution, note: item.note });
    items.push(item);
    emit({
      type: "recovered",
      severity: "warning",
      project,
      ...(container?.labels[Labels.service] ? { service: container.labels[Labels.service] } : {}),
      instance: name,
      message: `recovered interrupted ${op.kind} of ${name}: ${item.note}`,
      timestamp: new Date().toISOString(),
      correlationId,
      data: { operation: op.id, resolution: item.resolution },
    });
  }
  if (items.length > 0) setProjectState(store, project, "recovery", { at: new Date().toISOString(), items });
  return items;
}
