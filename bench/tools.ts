/**
 * The contenders, each as "converge this stack now" timed as a process: hostwright (the built CLI),
 * docker-compose v1, and the raw-API floor script. Environments are explicit so a tool can be
 * pointed at the counting proxy instead of the engine.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { type TimedRun, timedRun } from "./timed-process.js";

export interface BenchPaths {
  repoRoot: string;
  /** Where generated manifests and state directories go. */
  workDir: string;
}

function baseEnv(dockerHost: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, DOCKER_HOST: dockerHost, NO_COLOR: "1" };
}

export class Hostwright {
  constructor(
    private readonly paths: BenchPaths,
    readonly manifest: string,
    readonly stateDir: string,
  ) {}

  private env(dockerHost: string): NodeJS.ProcessEnv {
    // No daemon runs for these state directories; the variable makes sure the CLI never asks one.
    return { ...baseEnv(dockerHost), HOSTWRIGHT_STATE_DIR: this.stateDir, HOSTWRIGHT_NO_DAEMON: "1" };
  }

  private run(args: string[], dockerHost: string): Promise<TimedRun> {
    const bin = join(this.paths.repoRoot, "bin/hostwright.js");
    return timedRun(process.execPath, [bin, ...args, "-f", this.manifest], { env: this.env(dockerHost) });
  }

  apply(dockerHost: string, parallelism = 8): Promise<TimedRun> {
    return this.run(["apply", "--parallelism", String(parallelism)], dockerHost);
  }

  plan(dockerHost: string): Promise<TimedRun> {
    return this.run(["plan"], dockerHost);
  }
}

export type ComposeVariant = "v1" | "v2";

export class Compose {
  constructor(
    readonly project: string,
    readonly file: string,
    readonly variant: ComposeVariant = "v1",
  ) {}

  get tool(): string {
    return this.variant === "v1" ? "docker-compose v1" : "docker compose v2";
  }

  /**
   * `up -d`, for every service or only `services`. docker-compose 1.29 can stall for good when one
   * `up` creates a couple of hundred containers (docker/compose#8161, #7486: its thread pool), so
   * a run that takes longer than `timeoutMs` is killed and reported as a failure.
   */
  up(dockerHost: string, opts: { services?: string[]; timeoutMs?: number } = {}): Promise<TimedRun> {
    const [command, ...prefix] = this.variant === "v1" ? ["docker-compose"] : ["docker", "compose"];
    const args = [...prefix, "-p", this.project, "-f", this.file, "up", "-d", ...(opts.services ?? [])];
    return timedRun(command!, args, { env: baseEnv(dockerHost), timeoutMs: opts.timeoutMs ?? 300_000 });
  }
}

/** The raw-API floor: create + start N containers, `concurrency` at a time. */
export function runFloor(
  paths: BenchPaths,
  socketPath: string,
  project: string,
  n: number,
  portBase: number,
  opts: { concurrency?: number; restartAlways?: boolean } = {},
): Promise<TimedRun & { inProcessMs: number }> {
  const script = join(paths.repoRoot, "bench/raw-floor.mjs");
  const args = [script, socketPath, project, String(n), String(portBase), String(opts.concurrency ?? 8)];
  if (opts.restartAlways) args.push("restart-always");
  return timedRun(process.execPath, args, { env: baseEnv(`unix://${socketPath}`) }).then((r) => ({
    ...r,
    inProcessMs: (JSON.parse(r.stdout) as { ms: number }).ms,
  }));
}

export const FLOOR_LABEL = (project: string) => `dev.hostwright.bench.project=${project}`;
export const HOSTWRIGHT_LABEL = (project: string) => `dev.hostwright.project=${project}`;
export const COMPOSE_LABEL = (project: string) => `com.docker.compose.project=${project}`;

/** "docker-compose version 1.29.2, build unknown" → "1.29.2"; undefined when absent. */
export function composeVersion(): string | undefined {
  try {
    const out = execFileSync("docker-compose", ["version", "--short"], { encoding: "utf8" });
    return out.trim();
  } catch {
    return undefined;
  }
}

/** The compose v2 CLI plugin (`docker compose`), when installed. */
export function composeV2Version(): string | undefined {
  try {
    const out = execFileSync("docker", ["compose", "version", "--short"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}
