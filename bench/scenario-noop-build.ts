/**
 * Scenario 7, no-op with build contexts: N services built from one local context (a Compose file
 * with `build:`, the way Compose users bring them), converged once, then timed no-op applies.
 * Finding "unchanged" must stay cheap: it hashes the context, it never builds. Compared with the
 * plain no-op at the same N in the same run. Runs only when this tree accepts `build:`.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PortBase } from "./bench-config.js";
import { type BenchContext, projectName } from "./context.js";
import { startCountingProxy } from "./counting-proxy.js";
import { notMeasured, unsupportedReason } from "./feature-gate.js";
import { HTTPD_COMMAND, IMAGE, serviceName } from "./manifests.js";
import { expectRunning, teardown } from "./stacks.js";
import { HOSTWRIGHT_LABEL, Hostwright } from "./tools.js";

const SCENARIO = "No-op with build contexts";

function composeWithBuild(n: number, portBase: number): string {
  const lines = [`services:`];
  for (let i = 1; i <= n; i++) {
    lines.push(
      `  ${serviceName(i)}:`,
      `    build: ./app`,
      `    command: ${JSON.stringify(HTTPD_COMMAND)}`,
      `    ports: [${JSON.stringify(`127.0.0.1:${portBase + i}:8080`)}]`,
      `    stop_grace_period: 1s`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export async function noopWithBuild(ctx: BenchContext): Promise<void> {
  const n = ctx.config.featureNoopN;
  const project = projectName(ctx, "hwbbuild");
  const dir = mkdtempSync(join(ctx.paths.workDir, `${project}-`));
  mkdirSync(join(dir, "app"));
  mkdirSync(join(dir, "state"));
  writeFileSync(join(dir, "app/Dockerfile"), `FROM ${IMAGE}\nCOPY index.html /www/index.html\n`);
  writeFileSync(join(dir, "app/index.html"), "built by the benchmark\n");
  const file = join(dir, "compose.yaml");
  writeFileSync(file, `name: ${project}\n${composeWithBuild(n, PortBase.build)}`);
  const why = await unsupportedReason(ctx, file, "build");
  if (why) return notMeasured(ctx, SCENARIO, why);

  const tool = new Hostwright(ctx.paths, file, join(dir, "state"));
  const label = HOSTWRIGHT_LABEL(project);
  try {
    ctx.log(`no-op with build contexts N=${n}: first apply builds (untimed)`);
    await tool.apply(ctx.dockerHost, ctx.config.concurrency);
    await expectRunning(ctx, label, n);
    const samples: number[] = [];
    for (let run = 0; run < ctx.config.runs; run++) {
      const r = await tool.apply(ctx.dockerHost, ctx.config.concurrency);
      samples.push(r.ms);
      ctx.log(`no-op with build contexts N=${n} run ${run + 1}: ${r.ms.toFixed(0)} ms`);
    }
    ctx.results.add("noop-build", "hostwright apply", n, samples, {
      note: "services built from one local context; the no-op hashes the context and builds nothing",
    });
    const proxy = await startCountingProxy(ctx.socketPath, join(ctx.paths.workDir, "count-build.sock"));
    try {
      await tool.apply(proxy.dockerHost, ctx.config.concurrency);
      ctx.results.apiCalls.push({ tool: "hostwright apply (build contexts)", n, ...proxy.counts() });
      if (proxy.counts().byEndpoint["POST /build"]) {
        ctx.results.checks.push({
          scenario: "noop-build",
          tool: "hostwright apply",
          n,
          ok: false,
          detail: "a no-op apply called POST /build",
        });
      }
    } finally {
      await proxy.close();
    }
    await expectRunning(ctx, label, n);
  } finally {
    await teardown(ctx, label);
  }
}
