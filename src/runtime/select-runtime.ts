/**
 * Chooses the runtime adapter: --runtime / HOSTWRIGHT_RUNTIME = docker | apple | auto. Auto takes
 * the first Docker-compatible socket (DOCKER_HOST, Docker, rootful then rootless Podman) and, on a
 * Mac without one, Apple's `container`.
 */
import { ExitCode, HwError, type RuntimeAdapter } from "../core/index.js";

export async function selectRuntime(choice: string, env: NodeJS.ProcessEnv): Promise<RuntimeAdapter> {
  if (choice === "apple") {
    const { createAppleAdapter } = await import("./apple/index.js");
    return createAppleAdapter({ env });
  }
  if (choice === "swarm") {
    // plan, apply, status and down branch to src/swarm before asking for a container runtime.
    throw new HwError("HW-CLI-002", "this command does not work with --runtime swarm yet", {
      exitCode: ExitCode.usage,
      hint: "--runtime swarm supports plan, apply, status, down and daemon; use `docker service logs/ps` for the rest",
    });
  }
  if (choice !== "docker" && choice !== "auto") {
    throw new HwError("HW-CLI-002", `unknown runtime "${choice}"`, {
      exitCode: ExitCode.usage,
      hint: "use --runtime docker, apple, swarm or auto",
    });
  }
  const { createDockerAdapter, discoverDockerHost } = await import("./docker/index.js");
  const found = discoverDockerHost(env);
  if (!found) {
    if (choice === "auto" && process.platform === "darwin") {
      const { createAppleAdapter } = await import("./apple/index.js");
      return createAppleAdapter({ env });
    }
    throw new HwError(
      "HW-RUNTIME-001",
      "no container engine found (no DOCKER_HOST, no Docker or Podman socket)",
      {
        exitCode: ExitCode.runtimeUnavailable,
        hint: "start Docker or Podman, or run `bash scripts/engine.sh start` and export the DOCKER_HOST it prints",
      },
    );
  }
  return createDockerAdapter({ host: found.host, env });
}
