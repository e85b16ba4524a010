import type { OperationJournal, ResourceKind } from "../../src/reconcile/journal.js";
import { OWNER } from "./desired-fixtures.js";

/** An in-memory OperationJournal for executor unit tests (the real one is the SQLite store). */
export class MemoryJournal implements OperationJournal {
  readonly ownerId = OWNER;
  readonly ops: { id: number; kind: string; target: string; status?: string; error?: string }[] = [];
  readonly records = new Map<string, { state: string; runtimeId?: string | null }>();

  /** Pass the fake runtime's `calls` to interleave intents and results with the runtime calls. */
  constructor(private readonly log?: string[]) {}

  beginOperation(o: { kind: string; target: string }): number {
    this.ops.push({ id: this.ops.length + 1, kind: o.kind, target: o.target });
    this.log?.push(`intent ${o.kind} ${o.target}`);
    return this.ops.length;
  }
  finishOperation(id: number, r: { status: string; error?: string }): void {
    const op = this.ops[id - 1]!;
    this.log?.push(`result ${op.kind} ${op.target} ${r.status}`);
    op.status = r.status;
    if (r.error) op.error = r.error;
  }
  intendOwnership(r: { kind: ResourceKind; name: string }): void {
    this.records.set(`${r.kind}:${r.name}`, { state: "intended", runtimeId: null });
  }
  confirmOwnership(kind: ResourceKind, name: string, r: { runtimeId: string }): void {
    this.records.set(`${kind}:${name}`, { state: "confirmed", runtimeId: r.runtimeId });
  }
  forgetOwnership(kind: ResourceKind, name: string): void {
    this.records.delete(`${kind}:${name}`);
  }
  ownership(kind: ResourceKind, name: string) {
    return this.records.get(`${kind}:${name}`);
  }
  containerNames(): Set<string> {
    return new Set(
      [...this.records.keys()].filter((k) => k.startsWith("container:")).map((k) => k.slice(10)),
    );
  }
}
