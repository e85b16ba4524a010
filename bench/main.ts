/**
 * `npm run bench` (via scripts/bench.sh, which starts the engine, builds the image and hostwright):
 * runs every scenario, then writes bench/RESULTS.md, bench/results.json and README's Performance
 * section. `--quick` is a few-minute version whose report goes to a temporary directory instead,
 * so a quick run never replaces the committed record. `--only a,b` runs some scenarios (debugging);
 * `--render` rewrites RESULTS.md and README's section from results.json (no engine needed).
 *
 *   node --import tsx bench/main.ts [--quick] [--only planner,cold,steady,build,pull,drift,idle] [--render]
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { benchConfig } from "./bench-config.js";
import type { BenchContext } from "./context.js";
import { EngineApi, socketPathOf } from "./engine-api.js";
import { describeMachine } from "./machine.js";
import { performanceSection, writePerformanceSection } from "./readme-section.js";
import { type RunRecord, renderJson, renderMarkdown } from "./report.js";
import { ResultSet } from "./results.js";
import { coldConverge } from "./scenario-cold.js";
import { daemonIdle } from "./scenario-daemon-idle.js";
import { driftRepair } from "./scenario-drift.js";
import { noopWithBuild } from "./scenario-noop-build.js";
import { noopWithPullAlways } from "./scenario-noop-pull.js";
import { plannerCost } from "./scenario-planner.js";
import { steadyState } from "./scenario-steady.js";
import { evaluateTargets } from "./targets.js";
import { type ComposeVariant, composeV2Version, composeVersion } from "./tools.js";

const SCENARIOS: Array<[string, (ctx: BenchContext) => Promise<void>]> = [
  // The planner first: it needs no engine and the machine is quietest before anything runs.
  ["planner", plannerCost],
  ["cold", coldConverge],
  ["steady", steadyState],
  ["build", noopWithBuild],
  ["pull", noopWithPullAlways],
  ["drift", driftRepair],
  ["idle", daemonIdle],
];

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** RESULTS.md + results.json into `outDir`, and (full runs) README's Performance section. */
function writeReport(
  repoRoot: string,
  outDir: string,
  results: ResultSet,
  run: RunRecord,
  updateReadme: boolean,
): string {
  const findingsPath = join(repoRoot, "bench/FINDINGS.md");
  const findings = existsSync(findingsPath) ? readFileSync(findingsPath, "utf8") : undefined;
  const markdown = renderMarkdown(results, run, findings);
  writeFileSync(join(outDir, "RESULTS.md"), markdown);
  const json = join(outDir, "results.json");
  writeFileSync(json, renderJson(results, run));
  // The committed record must pass `biome check bench` as it is generated.
  try {
    execFileSync(join(repoRoot, "node_modules/.bin/biome"), ["format", "--write", json], { stdio: "ignore" });
  } catch {
    // Formatting is cosmetic; the numbers are already written.
  }
  if (updateReadme) {
    const m = run.machine;
    const where = `${m.cpuModel} (${m.cores} cores), ${m.engine}`;
    writePerformanceSection(join(repoRoot, "README.md"), performanceSection(results, run.targets, where));
  }
  return markdown;
}

/** `--render`: rebuild RESULTS.md (and README's section) from bench/results.json, e.g. after FINDINGS.md changed. */
function rerender(repoRoot: string): void {
  const saved = JSON.parse(readFileSync(join(repoRoot, "bench/results.json"), "utf8")) as RunRecord &
    Pick<ResultSet, "measurements" | "apiCalls" | "checks" | "notes">;
  const results = new ResultSet();
  results.measurements.push(...saved.measurements);
  results.apiCalls.push(...saved.apiCalls);
  results.checks.push(...saved.checks);
  results.notes.push(...saved.notes);
  const run: RunRecord = {
    mode: saved.mode,
    machine: saved.machine,
    config: saved.config,
    durationS: saved.durationS,
    targets: evaluateTargets(results),
  };
  writeReport(repoRoot, join(repoRoot, "bench"), results, run, saved.mode === "full");
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const only = option(args, "--only")?.split(",");
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  if (args.includes("--render")) {
    rerender(repoRoot);
    return 0;
  }
  const dockerHost = process.env.DOCKER_HOST;
  if (!dockerHost) throw new Error("DOCKER_HOST is not set: run the benchmark with `npm run bench`");
  const socketPath = socketPathOf(dockerHost);
  const workDir = mkdtempSync(join(tmpdir(), "hwbench-"));
  const engine = new EngineApi(socketPath);
  const started = performance.now();
  const v1 = composeVersion();
  const v2 = composeV2Version();
  const composeVariants: ComposeVariant[] = [...(v1 ? ["v1" as const] : []), ...(v2 ? ["v2" as const] : [])];
  const results = new ResultSet();
  if (!v1) results.notes.push("docker-compose v1 is not installed: compose columns are missing.");
  if (!v2)
    results.notes.push(
      "The compose v2 CLI plugin (`docker compose`) is not installed here, so v2 is not measured.",
    );
  const ctx: BenchContext = {
    config: benchConfig(quick),
    paths: { repoRoot, workDir },
    engine,
    socketPath,
    dockerHost,
    composeVariants,
    results,
    runTag: Math.random()
      .toString(36)
      .slice(2, 6)
      .replace(/[^a-z0-9]/g, "x"),
    log: (message) =>
      process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)}s] ${message}\n`),
  };
  const machine = await describeMachine(engine, v1, v2);
  let failures = 0;
  for (const [name, scenario] of SCENARIOS) {
    if (only && !only.includes(name)) continue;
    ctx.log(`scenario ${name}`);
    try {
      await scenario(ctx);
    } catch (err) {
      failures++;
      const message = err instanceof Error ? err.message : String(err);
      ctx.log(`scenario ${name} FAILED: ${message}`);
      results.notes.push(`Scenario ${name} failed in this run: ${message.split("\n")[0]}`);
    }
  }
  await engine.close();
  machine.loadAverage.end = Math.round(loadavg()[0]! * 100) / 100;

  const targets = evaluateTargets(results);
  const run: RunRecord = {
    mode: quick ? "quick" : "full",
    machine,
    config: ctx.config,
    durationS: (performance.now() - started) / 1000,
    targets,
  };
  const outDir = quick || only ? workDir : join(repoRoot, "bench");
  const markdown = writeReport(repoRoot, outDir, results, run, !quick && !only);
  if (!quick && !only) rmSync(workDir, { recursive: true, force: true });
  process.stdout.write(`${markdown}\n`);
  ctx.log(`report written to ${join(outDir, "RESULTS.md")} and results.json`);
  for (const t of targets) ctx.log(`target ${t.met ? "met   " : "MISSED"}: ${t.target}: ${t.measured}`);
  const failedChecks = results.checks.filter((k) => !k.ok).length;
  return failures === 0 && failedChecks === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
