/**
 * Walks a DAG of numbered nodes with bounded concurrency. A node runs once all its dependencies
 * succeeded; when one fails, everything downstream is skipped and unrelated branches go on
 * (partial results are normal). No decision logic lives here.
 */
export type NodeOutcome = "done" | "failed" | "skipped";

export interface DagNode {
  id: number;
  dependsOn: number[];
}

export async function runDag<N extends DagNode>(
  nodes: readonly N[],
  parallelism: number,
  run: (node: N) => Promise<void>,
  onSkip: (node: N, failedDependency: number) => void,
): Promise<Map<number, NodeOutcome>> {
  const outcome = new Map<number, NodeOutcome>();
  const pending = new Map(nodes.map((n) => [n.id, n]));
  const running = new Map<number, Promise<void>>();
  const limit = Math.max(1, parallelism);

  const settle = (): void => {
    // Propagate skips until nothing changes, so a failure reaches every descendant.
    let changed = true;
    while (changed) {
      changed = false;
      for (const [id, n] of pending) {
        const bad = n.dependsOn.find((d) => outcome.get(d) === "failed" || outcome.get(d) === "skipped");
        if (bad !== undefined) {
          pending.delete(id);
          outcome.set(id, "skipped");
          onSkip(n, bad);
          changed = true;
        }
      }
    }
  };

  for (;;) {
    settle();
    for (const [id, n] of pending) {
      if (running.size >= limit) break;
      if (!n.dependsOn.every((d) => outcome.get(d) === "done")) continue;
      pending.delete(id);
      running.set(
        id,
        run(n)
          .then(
            () => void outcome.set(id, "done"),
            () => void outcome.set(id, "failed"),
          )
          .finally(() => running.delete(id)),
      );
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  // Anything left is waiting on a dependency that is not in the plan: a planner bug, reported.
  for (const [id, n] of pending) {
    outcome.set(id, "skipped");
    onSkip(n, n.dependsOn.find((d) => !outcome.has(d)) ?? -1);
  }
  return outcome;
}
