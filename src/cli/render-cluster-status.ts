/**
 * `hostwright status` on a cluster runtime: nodes, each node's services with their tasks, the
 * drift and the recommendations, and the summary per project and per node. One model
 * (clusterStatusModel) feeds both the text and `--json`, so they never disagree.
 */
import {
  type ClusterAssessment,
  type ClusterDesired,
  type ClusterNodeState,
  type ClusterObservation,
  type ClusterTask,
  isNodeOnline,
  ownedService,
  RECONCILE_EVENT,
  type SummaryState,
} from "../cluster/index.js";
import { compareCodeUnits, compareNatural, type PlacementSpec } from "../core/index.js";
import type { Output } from "./output.js";

export interface ClusterStatusInput {
  desired: ClusterDesired;
  observation: ClusterObservation;
  assessment: ClusterAssessment;
  runtime: string;
  /** Set when the daemon supplied the status (its mode, paused...). */
  daemon?: Record<string, unknown>;
}

export interface ClusterTaskView {
  id: string;
  node: string | null;
  slot: number | null;
  state: string;
  desiredState: string;
  /** The node is offline: the state is the last one reported, not current. */
  stale: boolean;
  error: string | null;
  timestamp: string;
}

export interface ClusterServiceView {
  name: string;
  runtimeName: string | null;
  summary: SummaryState;
  running: number;
  desired: number;
  placement: PlacementSpec | null;
  versionIndex: number | null;
  /** Nodes its live tasks are on; its placement nodes when it has none. */
  nodes: string[];
  tasks: ClusterTaskView[];
}

export interface ClusterNodeView {
  hostname: string;
  id: string | null;
  /** The node's reported state, or "notInCluster" for a placement node the cluster does not list. */
  state: ClusterNodeState | "notInCluster";
  availability: string | null;
  role: string | null;
  leader: boolean;
  summary: SummaryState | null;
  services: string[];
}

export interface ClusterStatusModel {
  project: string;
  runtime: string;
  observedAt: string;
  summary: SummaryState;
  nodes: ClusterNodeView[];
  services: ClusterServiceView[];
  drift: ClusterAssessment["drift"];
  recommendations: (ClusterAssessment["recommendations"][number] & { event: string })[];
}

/** Non-running tasks shown per service (newest first): enough to see why, not the whole history. */
const HISTORY_SHOWN = 3;
const ERROR_SHOWN = 160;

export function clusterStatusModel(input: ClusterStatusInput): ClusterStatusModel {
  const { desired, observation: obs, assessment: a } = input;
  const byId = new Map(obs.nodes.map((n) => [n.id, n]));
  const services: ClusterServiceView[] = [...desired.services]
    .sort((x, y) => compareCodeUnits(x.name, y.name))
    .map((spec) => {
      const observed = ownedService(obs, spec.name);
      const tasks = observed?.tasks ?? [];
      const live = tasks.filter((t) => t.desiredState === "running");
      const history = tasks
        .filter((t) => t.desiredState !== "running")
        .sort((x, y) => compareCodeUnits(y.timestamp, x.timestamp) || compareCodeUnits(x.id, y.id))
        .slice(0, HISTORY_SHOWN);
      const view = (t: ClusterTask): ClusterTaskView => ({
        id: t.id,
        node: t.hostname ?? null,
        slot: t.slot ?? null,
        state: t.state,
        desiredState: t.desiredState,
        stale: t.nodeId !== undefined && !isNodeOnline(byId.get(t.nodeId)),
        error: t.error === undefined ? null : t.error.slice(0, ERROR_SHOWN),
        timestamp: t.timestamp,
      });
      const shown = [...live.sort(byNodeThenSlot), ...history].map(view);
      const liveNodes = [...new Set(live.flatMap((t) => (t.hostname ? [t.hostname] : [])))];
      return {
        name: spec.name,
        runtimeName: observed?.name ?? null,
        summary: a.summary.services[spec.name] ?? "nominal",
        running: shown.filter((t) => t.desiredState === "running" && t.state === "running" && !t.stale)
          .length,
        desired: spec.replicas,
        placement: spec.placement ?? null,
        versionIndex: observed?.versionIndex ?? null,
        nodes: (liveNodes.length > 0 ? liveNodes : [...(spec.placement?.nodes ?? [])]).sort(compareNatural),
        tasks: shown,
      };
    });

  const hostnames = new Set([...obs.nodes.map((n) => n.hostname), ...Object.keys(a.summary.nodes)]);
  const nodes: ClusterNodeView[] = [...hostnames].sort(compareNatural).map((hostname) => {
    const n = obs.nodes.find((x) => x.hostname === hostname);
    return {
      hostname,
      id: n?.id ?? null,
      // A typed value for --json (the offline reason's name), worded only by the text renderer.
      state: n?.state ?? "notInCluster",
      availability: n?.availability ?? null,
      role: n?.role ?? null,
      leader: n?.leader === true,
      summary: a.summary.nodes[hostname] ?? null,
      services: services.filter((s) => s.nodes.includes(hostname)).map((s) => s.name),
    };
  });

  return {
    project: desired.project,
    runtime: input.runtime,
    observedAt: obs.observedAt,
    summary: a.summary.project,
    nodes,
    services,
    drift: a.drift,
    recommendations: a.recommendations.map((r) => ({ ...r, event: RECONCILE_EVENT[r.kind] })),
  };
}

/** Placed tasks by node and slot, then the ones still waiting for a node. */
const byNodeThenSlot = (x: ClusterTask, y: ClusterTask) =>
  (x.hostname === undefined ? 1 : 0) - (y.hostname === undefined ? 1 : 0) ||
  compareNatural(x.hostname ?? "", y.hostname ?? "") ||
  (x.slot ?? 0) - (y.slot ?? 0) ||
  compareCodeUnits(x.id, y.id);

export function renderClusterStatus(
  input: ClusterStatusInput,
  out: Output,
  opts: { json?: boolean } = {},
): void {
  const m = clusterStatusModel(input);
  if (opts.json) {
    out.json({ ...m, ...(input.daemon ? { daemon: input.daemon } : {}) });
    return;
  }
  for (const line of clusterStatusLines(m, out.color, input.daemon)) out.out(line);
}

type Colors = Output["color"];

/** The text form, line by line (tests read it without colour). */
export function clusterStatusLines(
  m: ClusterStatusModel,
  c: Colors,
  daemon?: Record<string, unknown>,
): string[] {
  const paint = (state: string | null) =>
    state === null
      ? "-"
      : state === "nominal"
        ? c.green(state)
        : state === "unstable"
          ? c.red(state)
          : c.yellow(state);
  const pad = (text: string, width: number, painted = text) =>
    painted + " ".repeat(Math.max(1, width - text.length));
  const lines: string[] = [
    `Project ${m.project}: ${paint(m.summary)}  (runtime ${m.runtime}, observed ${m.observedAt}${daemon ? `, daemon mode ${String(daemon.mode)}` : ""})`,
    "",
    "Nodes:",
  ];
  for (const n of m.nodes) {
    const role = n.role === null ? "-" : `${n.role}${n.leader ? " (leader)" : ""}`;
    const text = n.state === "notInCluster" ? "not in cluster" : n.state;
    const state = n.state === "ready" ? text : c.red(text);
    lines.push(
      `  ${pad(n.hostname, 14)}${pad(text, 16, state)}${pad(n.availability ?? "-", 8)}${pad(role, 18)}${pad(n.summary ?? "-", 12, paint(n.summary))}${n.services.join(", ")}`.trimEnd(),
    );
  }
  lines.push("", "Services by node:");
  const groups = [...m.nodes.map((n) => n.hostname), ""];
  for (const group of groups) {
    const members = m.services.filter((s) => (group === "" ? s.nodes.length === 0 : s.nodes.includes(group)));
    if (members.length === 0) continue;
    lines.push(group === "" ? "  (no node)" : `  ${group}`);
    for (const s of members) {
      const where = placementText(s.placement);
      lines.push(
        `    ${pad(s.name, 16)}${pad(s.summary, 12, paint(s.summary))}${s.running}/${s.desired} running${where ? `  ${where}` : ""}`,
      );
      // Under each node: its live tasks; pending ones and the recent history once, under the first.
      const first = group === (s.nodes[0] ?? "");
      const shown = s.tasks.filter((x) =>
        x.desiredState === "running" && x.node !== null ? x.node === group : first,
      );
      for (const t of shown) {
        const state = t.stale ? `${t.state} (node offline)` : t.state;
        const failed = t.state === "failed" || t.state === "rejected";
        lines.push(
          `      ${pad(t.id.slice(0, 12), 14)}${pad(state, 24, failed ? c.red(state) : state)}${t.timestamp}${t.error ? `  ${t.error}` : ""}`,
        );
      }
    }
  }
  lines.push("", m.drift.length === 0 ? "Drift: none" : "Drift:");
  for (const d of m.drift) {
    const who = [d.node ? `node ${d.node}` : "", d.service ? `service ${d.service}` : ""]
      .filter(Boolean)
      .join(", ");
    lines.push(
      `  ${pad(d.kind, 18, d.severity === "critical" ? c.red(d.kind) : c.yellow(d.kind))}${who}: ${d.message}`,
    );
  }
  lines.push("", m.recommendations.length === 0 ? "Recommendations: none" : "Recommendations:");
  for (const r of m.recommendations) {
    const who = [r.service, r.node ? `on ${r.node}` : ""].filter(Boolean).join(" ");
    const when = r.remainingMs !== undefined ? ` (in ${Math.ceil(r.remainingMs / 1000)}s)` : "";
    const event = r.kind === "blocked" ? c.red(r.event) : r.kind === "required" ? c.yellow(r.event) : r.event;
    lines.push(`  ${pad(r.event, 24, event)}${pad(r.action, 18)}${who}: ${r.message}${when}`);
  }
  return lines;
}

function placementText(p: PlacementSpec | null): string {
  if (p === null) return "";
  const parts = [
    ...(p.nodes.length > 0 ? [`on ${p.nodes.join("|")}`] : []),
    ...p.constraints,
    ...(p.failover.length > 0
      ? [`failover ${p.failover.join(" > ")} after ${Math.round(p.afterMs / 1000)}s`]
      : []),
  ];
  return parts.length === 0 ? "" : `[${parts.join("; ")}]`;
}
