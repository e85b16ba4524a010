/**
 * The test swarm (scripts/swarm.sh): several dockerds in network namespaces of their own, one
 * manager and workers, on this machine. The script is the one implementation (also usable by
 * hand); this module drives it from tests: start/stop for the globalSetup, kill/restart of a node
 * for the offline-node and failover tests, and the node sockets for assertions from "outside".
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    swarmManagerHost: string;
    swarmNodes: string[];
  }
}

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const swarmScript = fileURLToPath(new URL("../../scripts/swarm.sh", import.meta.url));

export interface SwarmInfo {
  managerHost: string;
  nodes: string[];
}

async function runScript(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await execa("bash", [swarmScript, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    reject: false,
    timeout: 240_000,
  });
  if (result.exitCode !== 0) {
    throw new Error(`scripts/swarm.sh ${args.join(" ")} failed (exit ${result.exitCode}):\n${result.stderr}`);
  }
  return result.stdout;
}

/** Idempotent: reuses a healthy swarm, else clears leftovers of a crashed run and forms a new one. */
export async function startSwarm(sourceDockerHost: string): Promise<SwarmInfo> {
  const out = await runScript(["start"], { SOURCE_DOCKER_HOST: sourceDockerHost });
  const value = (key: string): string => {
    const line = out
      .trim()
      .split("\n")
      .find((l) => l.startsWith(`${key}=`));
    if (line === undefined) throw new Error(`swarm.sh start printed no ${key} line:\n${out}`);
    return line.slice(key.length + 1).trim();
  };
  return { managerHost: value("DOCKER_HOST"), nodes: value("HOSTWRIGHT_SWARM_NODES").split(" ") };
}

export async function stopSwarm(): Promise<void> {
  await runScript(["stop"]);
}

/** SIGKILL the node's dockerd, containerd and shims: to the manager the machine has vanished. */
export async function killNode(node: string): Promise<void> {
  await runScript(["kill", node]);
}

/** Start a killed node again on its data root; it rejoins the swarm by itself. */
export async function restartNode(node: string): Promise<void> {
  await runScript(["restart", node]);
}

/** From a test worker: the manager's DOCKER_HOST and the node hostnames (manager first). */
export function swarmInfo(): SwarmInfo {
  const managerHost = inject("swarmManagerHost");
  const nodes = inject("swarmNodes");
  if (!managerHost || !nodes)
    throw new Error("swarm tests must run in the vitest 'swarm' project (its globalSetup)");
  return { managerHost, nodes };
}

/** A node's own DOCKER_HOST: swarm.sh keeps every node at DIR/<node>/docker.sock, the manager's included. */
export function nodeHost(node: string): string {
  const manager = swarmInfo().managerHost;
  const dir = manager.slice(0, manager.lastIndexOf("/", manager.lastIndexOf("/") - 1));
  return `${dir}/${node}/docker.sock`;
}

/** The docker CLI against one swarm host (the manager unless told), for setup and assertions. */
export async function swarmDocker(args: string[], host = swarmInfo().managerHost): Promise<string> {
  const bin = ["/usr/local/bin/docker", "/usr/bin/docker"].find((p) => existsSync(p)) ?? "docker";
  const result = await execa(bin, args, { env: { DOCKER_HOST: host }, reject: false, timeout: 60_000 });
  if (result.exitCode !== 0) {
    throw new Error(`docker ${args.join(" ")} failed (${result.exitCode}): ${result.stderr}`);
  }
  return result.stdout;
}
