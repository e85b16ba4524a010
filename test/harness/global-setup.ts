/**
 * vitest globalSetup for the "engine" project: make sure a Docker engine answers (reusing one
 * that already does, else starting our private dockerd via scripts/engine.sh), build the test
 * image, and hand DOCKER_HOST to the test workers. Teardown releases our lease on the engine;
 * engine.sh stops it only when a harness started it and no other test run still holds a lease.
 */
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    dockerHost: string;
  }
}

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const engineScript = fileURLToPath(new URL("../../scripts/engine.sh", import.meta.url));
const imageScript = fileURLToPath(new URL("../../scripts/build-test-image.sh", import.meta.url));

/** The last `DOCKER_HOST=…` line engine.sh printed. */
export function parseDockerHost(stdout: string): string {
  const line = stdout
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("DOCKER_HOST="));
  if (line === undefined) throw new Error(`engine.sh start printed no DOCKER_HOST line:\n${stdout}`);
  return line.slice("DOCKER_HOST=".length).trim();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The lease is this process: engine.sh forgets leases whose pid is gone (e.g. after a crash).
  const leaseEnv = { ...process.env, HOSTWRIGHT_ENGINE_LEASE: String(process.pid) };
  const started = await execa("bash", [engineScript, "start"], {
    cwd: repoRoot,
    env: leaseEnv,
    reject: false,
  });
  if (started.exitCode !== 0) {
    throw new Error(`scripts/engine.sh start failed (exit ${started.exitCode}):\n${started.stderr}`);
  }
  const dockerHost = parseDockerHost(started.stdout);

  const built = await execa("bash", [imageScript], {
    cwd: repoRoot,
    env: { ...process.env, DOCKER_HOST: dockerHost },
    reject: false,
  });
  if (built.exitCode !== 0) {
    throw new Error(`scripts/build-test-image.sh failed (exit ${built.exitCode}):\n${built.stderr}`);
  }

  // Workers are spawned after globalSetup, so they inherit process.env; provide() covers pools
  // that do not (and is what dockerHost() reads first).
  process.env.DOCKER_HOST = dockerHost;
  project.provide("dockerHost", dockerHost);

  return async () => {
    if (process.env.HOSTWRIGHT_KEEP_ENGINE === "1") return;
    await execa("bash", [engineScript, "stop"], { cwd: repoRoot, env: leaseEnv, reject: false });
  };
}
