/**
 * Scenario 8, no-op with `pullPolicy: always`: N services on one image served by a local
 * registry (Debian's docker-registry, started here on 127.0.0.1), converged once, then timed
 * no-op applies. Each apply must ask the registry whether the tag moved — one request per image,
 * not per service — and still change nothing. Compared with the plain no-op at the same N.
 * Runs only when docker-registry is installed and this tree accepts `pullPolicy`.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PortBase } from "./bench-config.js";
import { type BenchContext, projectName } from "./context.js";
import { notMeasured, unsupportedReason } from "./feature-gate.js";
import { HTTPD_COMMAND, IMAGE, serviceName } from "./manifests.js";
import { expectRunning, teardown } from "./stacks.js";
import { HOSTWRIGHT_LABEL, Hostwright } from "./tools.js";

const SCENARIO = "No-op with pullPolicy: always";
const REGISTRY_PORT = PortBase.pull + 999;

function manifest(project: string, n: number, image: string): string {
  const lines = [`version: 2`, `project: ${project}`, `services:`];
  for (let i = 1; i <= n; i++) {
    lines.push(
      `  ${serviceName(i)}:`,
      `    image: ${image}`,
      `    pullPolicy: always`,
      `    command: ${JSON.stringify(HTTPD_COMMAND)}`,
      `    ports: [${JSON.stringify(`127.0.0.1:${PortBase.pull + i}:8080`)}]`,
      `    stopGracePeriod: 1s`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function hasRegistry(): boolean {
  try {
    execFileSync("docker-registry", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** docker-registry on 127.0.0.1 (the engine trusts loopback registries without TLS); counts /v2/ requests. */
function startRegistry(dir: string): { child: ChildProcess; requests: () => number } {
  mkdirSync(join(dir, "registry"));
  const config = join(dir, "registry.yml");
  writeFileSync(
    config,
    [
      "version: 0.1",
      "log: {level: info, accesslog: {disabled: true}}",
      `storage: {filesystem: {rootdirectory: ${join(dir, "registry")}}}`,
      `http: {addr: 127.0.0.1:${REGISTRY_PORT}}`,
      "",
    ].join("\n"),
  );
  const child = spawn("docker-registry", ["serve", config], { stdio: ["ignore", "ignore", "pipe"] });
  let count = 0;
  child.stderr?.on("data", (d: Buffer) => {
    for (const line of d.toString().split("\n")) {
      // e.g. level=info msg="response completed" … http.request.uri=/v2/bench/busybox/manifests/1
      if (line.includes("response completed") && /http\.request\.uri="?\/v2\//.test(line)) count++;
    }
  });
  return { child, requests: () => count };
}

export async function noopWithPullAlways(ctx: BenchContext): Promise<void> {
  const n = ctx.config.featureNoopN;
  const project = projectName(ctx, "hwbpull");
  const dir = mkdtempSync(join(ctx.paths.workDir, `${project}-`));
  mkdirSync(join(dir, "state"));
  const image = `127.0.0.1:${REGISTRY_PORT}/bench/busybox:1`;
  const file = join(dir, "hostwright.yaml");
  writeFileSync(file, manifest(project, n, image));
  if (!hasRegistry())
    return notMeasured(ctx, SCENARIO, "docker-registry is not installed (apt-get install docker-registry)");
  const why = await unsupportedReason(ctx, file, "pullPolicy");
  if (why) return notMeasured(ctx, SCENARIO, why);

  const registry = startRegistry(dir);
  const label = HOSTWRIGHT_LABEL(project);
  const docker = (...args: string[]) =>
    execFileSync("docker", args, { env: { ...process.env, DOCKER_HOST: ctx.dockerHost }, stdio: "ignore" });
  try {
    await new Promise((r) => setTimeout(r, 1000));
    docker("tag", IMAGE, image);
    docker("push", image);
    const tool = new Hostwright(ctx.paths, file, join(dir, "state"));
    ctx.log(`no-op with pullPolicy: always N=${n}: first apply (untimed)`);
    await tool.apply(ctx.dockerHost, ctx.config.concurrency);
    await expectRunning(ctx, label, n);
    const samples: number[] = [];
    const perRun: number[] = [];
    for (let run = 0; run < ctx.config.runs; run++) {
      const before = registry.requests();
      const ids = await ctx.engine.idsByName(label);
      const r = await tool.apply(ctx.dockerHost, ctx.config.concurrency);
      samples.push(r.ms);
      perRun.push(registry.requests() - before);
      const after = await ctx.engine.idsByName(label);
      const changed = [...ids].filter(([name, id]) => after.get(name) !== id).length;
      if (changed > 0) {
        ctx.results.checks.push({
          scenario: "noop-pull",
          tool: "hostwright apply",
          n,
          ok: false,
          detail: `run ${run + 1}: a no-op with an unchanged tag replaced ${changed} container(s)`,
        });
      }
      ctx.log(
        `no-op with pullPolicy: always N=${n} run ${run + 1}: ${r.ms.toFixed(0)} ms, ${perRun.at(-1)} registry requests`,
      );
    }
    ctx.results.add("noop-pull", "hostwright apply", n, samples, {
      note: `one image for all services; registry requests per no-op: ${perRun.join(", ")}`,
    });
    await expectRunning(ctx, label, n);
  } finally {
    registry.child.kill("SIGTERM");
    await teardown(ctx, label);
  }
}
