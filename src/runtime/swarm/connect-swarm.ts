/** --runtime swarm: the manager at DOCKER_HOST (or the default socket), proven to be a manager. */
import { ExitCode, HwError } from "../../core/index.js";
import { discoverDockerHost } from "../docker/index.js";
import { SwarmApi } from "./swarm-api.js";

export async function connectSwarm(env: NodeJS.ProcessEnv): Promise<SwarmApi> {
  const found = discoverDockerHost(env);
  if (!found) {
    throw new HwError("HW-RUNTIME-001", "no swarm manager found (no DOCKER_HOST and no Docker socket)", {
      exitCode: ExitCode.runtimeUnavailable,
      hint: "export DOCKER_HOST pointing at a swarm manager, or `bash scripts/swarm.sh start` for a test swarm",
    });
  }
  const api = new SwarmApi(found.host);
  try {
    await api.ping();
  } catch (err) {
    await api.close();
    throw err;
  }
  return api;
}
