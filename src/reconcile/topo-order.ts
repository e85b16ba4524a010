import type { ServiceSpec } from "../core/index.js";

/**
 * Services in dependency order (dependencies first), ties broken by name so the order is
 * deterministic. The manifest already rejects cycles; a cycle here is a programming error.
 */
export function dependencyOrder(services: readonly ServiceSpec[]): ServiceSpec[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const pending = new Map(
    services.map((s) => [s.name, Object.keys(s.dependsOn).filter((d) => byName.has(d)).length]),
  );
  const out: ServiceSpec[] = [];
  while (pending.size > 0) {
    const ready = [...pending]
      .filter(([, n]) => n === 0)
      .map(([name]) => name)
      .sort();
    if (ready.length === 0) throw new Error(`dependency cycle among ${[...pending.keys()].join(", ")}`);
    for (const name of ready) {
      pending.delete(name);
      out.push(byName.get(name)!);
      for (const s of services) {
        if (pending.has(s.name) && name in s.dependsOn) pending.set(s.name, (pending.get(s.name) ?? 1) - 1);
      }
    }
  }
  return out;
}

/** Every service that (transitively) depends on `name`. */
export function dependentsOf(services: readonly ServiceSpec[], name: string): Set<string> {
  const out = new Set<string>();
  let frontier = [name];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const s of services) {
      if (out.has(s.name)) continue;
      if (frontier.some((f) => f in s.dependsOn)) {
        out.add(s.name);
        next.push(s.name);
      }
    }
    frontier = next;
  }
  return out;
}
