/** The docker CLI against the harness engine, for test setup and assertions from "outside". */
import { existsSync } from "node:fs";
import { execa } from "execa";
import { dockerHost } from "./engine.js";

export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

function dockerBinary(): string {
  return ["/usr/local/bin/docker", "/usr/bin/docker"].find((p) => existsSync(p)) ?? "docker";
}

/** Never rejects: tests assert on exitCode. */
export async function dockerCli(args: string[]): Promise<CliResult> {
  const result = await execa(dockerBinary(), args, {
    env: { DOCKER_HOST: dockerHost() },
    reject: false,
    timeout: 60_000,
  });
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode ?? -1 };
}

/** Like dockerCli, but throws with the CLI's stderr when the command fails. */
export async function dockerCliOk(args: string[]): Promise<string> {
  const result = await dockerCli(args);
  if (result.exitCode !== 0) {
    throw new Error(`docker ${args.join(" ")} failed (${result.exitCode}): ${result.stderr}`);
  }
  return result.stdout;
}
