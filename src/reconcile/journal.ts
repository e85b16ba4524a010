/**
 * What the executor needs from the state store, as a narrow interface (the store module satisfies
 * it structurally; reconcile/ never imports store/).
 */
/** "service": a Swarm service (--runtime swarm), named `<project>_<service>`. */
export type ResourceKind = "container" | "volume" | "network" | "service" | "secret" | "config";

export interface OperationJournal {
  readonly ownerId: string;
  beginOperation(o: {
    planId: string;
    opId: string;
    project: string;
    kind: string;
    target: string;
    detail?: unknown;
  }): number;
  finishOperation(
    id: number,
    r: { status: "done" | "failed" | "skipped"; error?: string; runtimeId?: string },
  ): void;
  intendOwnership(r: {
    project: string;
    kind: ResourceKind;
    name: string;
    service?: string;
    instance?: number;
    specHash?: string;
  }): void;
  confirmOwnership(kind: ResourceKind, name: string, r: { runtimeId: string; specHash?: string }): void;
  forgetOwnership(kind: ResourceKind, name: string): void;
  ownership(kind: ResourceKind, name: string): { state: string; runtimeId?: string | null } | undefined;
}
