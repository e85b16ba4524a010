/**
 * The README's "## Performance" section: generated from a full run, and written by replacing only
 * that section (other people edit the rest of README.md), re-reading the file just before writing.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { ResultSet } from "./results.js";
import type { TargetVerdict } from "./targets.js";

const HEADING = "## Performance";

export function performanceSection(results: ResultSet, targets: TargetVerdict[], machine: string): string {
  const find = (scenario: string, tool: string, n: number) => results.find(scenario, tool, n)?.median;
  const lines = [
    HEADING,
    "",
    `Measured by \`npm run bench\` on ${machine}; full tables, method and findings in [bench/RESULTS.md](bench/RESULTS.md).`,
    "",
  ];
  const compose = "docker-compose v1 up -d";
  for (const n of [50, 200]) {
    const hw = find("noop", "hostwright apply", n);
    const cp = find("noop", compose, n);
    if (hw && cp) {
      lines.push(
        `- No-op \`apply\`, ${n} services: ${Math.round(hw)} ms, ${(cp / hw).toFixed(1)}x faster than docker-compose 1.29 (${Math.round(cp)} ms).`,
      );
    }
  }
  const largest = Math.max(
    0,
    ...results.measurements
      .filter((m) => m.scenario === "noop" && m.tool === "hostwright apply")
      .map((m) => m.n),
  );
  const hwLargest = find("noop", "hostwright apply", largest);
  if (largest > 200 && hwLargest && !find("noop", compose, largest)) {
    lines.push(
      `- No-op \`apply\`, ${largest} services: ${Math.round(hwLargest)} ms (docker-compose is not run at this size).`,
    );
  }
  const calls = results.apiCalls.filter((c) => c.tool === "hostwright apply");
  if (calls.length > 0) {
    lines.push(
      `- Engine API calls per no-op \`apply\`: ${calls.map((c) => `${c.calls} at N=${c.n}`).join(", ")} (constant in N).`,
    );
  }
  const hwCold = find("cold", "hostwright apply", 50);
  const floor = find("cold", "raw API floor", 50);
  const cpCold = find("cold", compose, 50);
  if (hwCold && floor && cpCold) {
    lines.push(
      `- Cold converge, 50 services: ${(hwCold / 1000).toFixed(2)} s, ${(hwCold / floor).toFixed(2)}x the raw Engine API floor, ${(cpCold / hwCold).toFixed(1)}x faster than docker-compose.`,
    );
  }
  const driftRows = results.measurements.filter((m) => m.scenario === "drift-running");
  const drift = driftRows.find((m) => m.tool.startsWith("hostwright daemon, container crash"))?.median;
  const driftFloor = driftRows.find((m) => m.floor)?.median;
  if (drift && driftFloor) {
    lines.push(
      `- Drift repair (a container crashes → running again): ${Math.round(drift)} ms, ${(drift / driftFloor).toFixed(2)}x the engine's own \`restart: always\` (${Math.round(driftFloor)} ms).`,
    );
  }
  const planner = results.measurements.filter((m) => m.scenario === "planner");
  for (const n of [...new Set(planner.map((p) => p.n))].sort((a, b) => a - b)) {
    const rows = planner.filter((p) => p.n === n);
    lines.push(
      `- Planning ${n.toLocaleString("en-US")} services in memory: ${rows.map((p) => `${p.median.toFixed(0)} ms ${p.tool.replace("planConvergence, ", "")}`).join(", ")}.`,
    );
  }
  const cpu = results.measurements.find((m) => m.scenario === "daemon-idle-cpu-window");
  const rss = results.measurements.find((m) => m.scenario === "daemon-idle-rss");
  if (cpu && rss) {
    lines.push(
      `- Idle daemon, 50 services probed every 10 s: ${cpu.median.toFixed(2)} % of one core, ${Math.round(rss.max)} MiB RSS.`,
    );
  }
  const missed = targets.filter((t) => t.met === false);
  lines.push(
    "",
    missed.length === 0
      ? "Every target of the benchmark issue was met in this run."
      : `Targets missed in this run (explained in bench/RESULTS.md): ${missed.map((t) => t.target).join("; ")}.`,
    "",
  );
  return lines.join("\n");
}

/** Replaces the "## Performance" section of README.md (or appends it at the end). */
export function writePerformanceSection(readmePath: string, section: string): void {
  const current = existsSync(readmePath) ? readFileSync(readmePath, "utf8") : "";
  const start = current.search(/^## Performance\s*$/m);
  let next: string;
  if (start < 0) {
    next = `${current.replace(/\s*$/, "")}${current.trim() ? "\n\n" : ""}${section}`;
  } else {
    const rest = current.slice(start + HEADING.length);
    const end = rest.search(/^## /m);
    const after = end < 0 ? "" : `\n${rest.slice(end)}`;
    next = `${current.slice(0, start)}${section}${after}`;
  }
  writeFileSync(readmePath, `${next.replace(/\s*$/, "")}\n`);
}
