import type { PlanOp } from "./plan-types.js";

type Draft<T extends PlanOp> = T extends PlanOp ? Omit<T, "id"> : never;

/** Appends ops in a deterministic order and hands out their 1-based ids. */
export class OpBuilder {
  readonly ops: PlanOp[] = [];

  add<T extends PlanOp>(draft: Draft<T>): number {
    const id = this.ops.length + 1;
    const deps = [...new Set(draft.dependsOn)].sort((a, b) => a - b);
    this.ops.push({ ...draft, id, dependsOn: deps } as PlanOp);
    return id;
  }
}
