import type { DependencyCondition } from "../core/index.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import { didYouMean } from "./did-you-mean.js";
import type { DependencyEdge, Located, ServiceDraft } from "./drafts.js";
import { childPath, describeNode, indexPath, isNull, type LMap, type LNode } from "./located.js";
import { MapReader, readEnum } from "./map-reader.js";

const CONDITIONS: readonly DependencyCondition[] = ["started", "ready", "completed"];
const COMPOSE_CONDITIONS: Record<string, DependencyCondition> = {
  service_started: "started",
  service_healthy: "ready",
  service_completed_successfully: "completed",
};

/** `dependsOn:` as written: {name: condition} or [name, ...] (= started). Graph rules come later. */
export function checkDependsOn(sink: DiagnosticSink, node: LNode, path: string): Located<DependencyEdge>[] {
  const out: Located<DependencyEdge>[] = [];
  if (isNull(node)) return out;
  if (node.kind === "seq") {
    node.items.forEach((item, i) => {
      const at = indexPath(path, i);
      if (item.kind === "scalar" && typeof item.value === "string") {
        out.push({ value: { target: item.value, condition: "started" }, pos: item.pos, path: at });
      } else {
        sink.error(
          item.pos,
          at,
          DiagnosticCode.wrongType,
          `expected a service name, got ${describeNode(item)}`,
        );
      }
    });
    return out;
  }
  if (node.kind !== "map") {
    sink.error(
      node.pos,
      path,
      DiagnosticCode.wrongType,
      `expected a map or a list, got ${describeNode(node)}`,
      "write dependsOn: {db: ready} or dependsOn: [db]",
    );
    return out;
  }
  for (const { key, keyPos, value } of node.entries) {
    const at = childPath(path, key);
    const text = value.kind === "scalar" && typeof value.value === "string" ? value.value : undefined;
    const compose = text === undefined ? undefined : COMPOSE_CONDITIONS[text];
    if (compose !== undefined) {
      sink.error(
        value.pos,
        at,
        DiagnosticCode.invalidValue,
        `"${text}" is Docker Compose syntax`,
        `write ${key}: ${compose}`,
      );
      continue;
    }
    if (value.kind === "map") {
      const edge = checkLongDependency(sink, value, at, key);
      if (edge !== undefined) out.push({ value: edge, pos: keyPos, path: at });
      continue;
    }
    const condition = readEnum(sink, value, at, CONDITIONS);
    if (condition !== undefined) out.push({ value: { target: key, condition }, pos: keyPos, path: at });
  }
  return out;
}

/** `db: {condition: ready, required: false, restart: true}` (Compose's long form, native names). */
function checkLongDependency(
  sink: DiagnosticSink,
  map: LMap,
  at: string,
  target: string,
): DependencyEdge | undefined {
  const f = new MapReader(sink, map, at, ["condition", "required", "restart"]);
  const condition = f.oneOf("condition", CONDITIONS) ?? "started";
  const required = f.bool("required") ?? true;
  const restart = f.bool("restart") ?? false;
  return {
    target,
    condition,
    ...((!required || restart) && { options: { required, restart } }),
  };
}

/** Unknown targets, self-references, `ready` without a readiness probe, and cycles. */
export function checkDependencyGraph(sink: DiagnosticSink, services: readonly ServiceDraft[]): void {
  const byName = new Map(services.map((s) => [s.name, s]));
  const graph = new Map<string, Located<DependencyEdge>[]>();
  for (const service of services) {
    const edges: Located<DependencyEdge>[] = [];
    for (const edge of service.dependencies) {
      const { target, condition } = edge.value;
      const targetService = byName.get(target);
      if (target === service.name) {
        sink.error(edge.pos, edge.path, DiagnosticCode.selfDependency, `${service.name} depends on itself`);
      } else if (targetService === undefined) {
        const hint = didYouMean(target, byName.keys()) ?? `services are: ${[...byName.keys()].join(", ")}`;
        sink.error(
          edge.pos,
          edge.path,
          DiagnosticCode.unknownDependency,
          `unknown service "${target}"`,
          hint,
        );
      } else {
        const engineHealth =
          targetService.spec.healthcheck !== undefined && targetService.spec.healthcheck.test[0] !== "NONE";
        if (condition === "ready" && targetService.spec.probes.readiness === undefined && !engineHealth) {
          sink.error(
            edge.pos,
            edge.path,
            DiagnosticCode.readyNeedsProbe,
            `${service.name} waits for ${target} to be ready, but ${target} has no readiness probe`,
            `add probes.readiness or a healthcheck to ${target}, or depend on it with started`,
          );
        }
        edges.push(edge);
      }
    }
    graph.set(service.name, edges);
  }
  reportCycles(sink, services, graph);
}

/** Depth-first, iterative (a long dependency chain must not overflow the stack); each back edge is one cycle. */
function reportCycles(
  sink: DiagnosticSink,
  services: readonly ServiceDraft[],
  graph: ReadonlyMap<string, Located<DependencyEdge>[]>,
): void {
  const done = new Set<string>();
  for (const root of services) {
    if (done.has(root.name)) continue;
    const path: string[] = [root.name];
    const onPath = new Set(path);
    const cursor: number[] = [0];
    while (path.length > 0) {
      const name = path[path.length - 1] as string;
      const edges = graph.get(name) ?? [];
      const i = cursor[cursor.length - 1] ?? 0;
      const edge = edges[i];
      if (edge === undefined) {
        path.pop();
        cursor.pop();
        onPath.delete(name);
        done.add(name);
        continue;
      }
      cursor[cursor.length - 1] = i + 1;
      const target = edge.value.target;
      if (onPath.has(target)) {
        const cycle = [...path.slice(path.indexOf(target)), target].join(" → ");
        sink.error(
          edge.pos,
          edge.path,
          DiagnosticCode.dependencyCycle,
          `dependency cycle: ${cycle}`,
          "remove one of these dependsOn entries",
        );
      } else if (!done.has(target)) {
        path.push(target);
        onPath.add(target);
        cursor.push(0);
      }
    }
  }
}
