/**
 * vitest globalSetup for the "swarm" project: the private engine builds the test image (as for the
 * engine project), then scripts/swarm.sh forms the test swarm and loads the image into every node.
 * Teardown stops the swarm completely (namespaces, bridge, dockerds, directories) unless
 * HOSTWRIGHT_KEEP_SWARM=1; a crashed run's leftovers are cleared by the next start.
 */
import type { TestProject } from "vitest/node";
import engineSetup from "./global-setup.js";
import { startSwarm, stopSwarm } from "./swarm.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const releaseEngine = await engineSetup(project);
  const source = process.env.DOCKER_HOST;
  if (!source) throw new Error("engine setup provided no DOCKER_HOST");
  const swarm = await startSwarm(source);
  project.provide("swarmManagerHost", swarm.managerHost);
  project.provide("swarmNodes", swarm.nodes);
  // Not process.env.DOCKER_HOST: every project's globalSetup shares this process, and the engine
  // project's workers must keep the private engine. Swarm tests take swarmInfo().managerHost.
  return async () => {
    if (process.env.HOSTWRIGHT_KEEP_SWARM !== "1") await stopSwarm();
    await releaseEngine();
  };
}
