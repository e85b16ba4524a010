/**
 * The e2e Workspace pointed at runtime apple: every CLI call gets `--runtime apple` (before the
 * subcommand: it is a global option) and HOSTWRIGHT_CONTAINER_BIN = the `container` emulator, with
 * a private emulator state file so tests can read what reached the "runtime" directly.
 */
import { rmSync } from "node:fs";
import { EMULATOR_BIN, type EmulatorContainer, emulatorSandbox } from "../apple-emulator/harness.js";
import { type CliResult, Workspace } from "./cli.js";

export interface EmulatedContainer {
  name: string;
  state: string;
  /** The address of the current run ("" while stopped): it changes on every start. */
  ip: string;
  startedDate: string | undefined;
  env: Record<string, string>;
}

function summarise(name: string, c: EmulatorContainer): EmulatedContainer {
  const env = Object.fromEntries(
    c.configuration.initProcess.environment.map((kv) => [
      kv.slice(0, kv.indexOf("=")),
      kv.slice(kv.indexOf("=") + 1),
    ]),
  );
  return {
    name,
    state: c.status.state,
    ip: c.status.networks[0]?.ipv4Address.split("/")[0] ?? "",
    startedDate: c.status.startedDate,
    env,
  };
}

export class AppleWorkspace {
  readonly ws: Workspace;
  readonly emulator = emulatorSandbox();

  constructor(readonly project: string) {
    this.ws = new Workspace(project);
  }

  /** What a CLI or daemon child needs to reach this workspace's emulator. */
  get env(): Record<string, string> {
    return { ...this.emulator.env, HOSTWRIGHT_CONTAINER_BIN: EMULATOR_BIN };
  }

  get manifest(): string {
    return this.ws.manifest;
  }

  write(yaml: string): void {
    this.ws.write(yaml);
  }

  hw(args: string[]): Promise<CliResult> {
    return this.ws.hw(["--runtime", "apple", ...args], this.env);
  }

  async json<T>(args: string[]): Promise<T> {
    const r = await this.hw([...args, "--json"]);
    try {
      return JSON.parse(r.stdout) as T;
    } catch {
      throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
    }
  }

  /** Runs the emulated `container` CLI itself, e.g. `kill` to crash a container behind our back. */
  async container(args: string[]): Promise<string> {
    const r = await this.emulator.run(args);
    if (r.exitCode !== 0) throw new Error(`container ${args.join(" ")} failed: ${r.stderr}`);
    return r.stdout;
  }

  /** This project's containers as the emulator holds them, sorted by name. */
  containers(): EmulatedContainer[] {
    return Object.entries(this.emulator.state().containers)
      .filter(([, c]) => c.configuration.labels["dev.hostwright.project"] === this.project)
      .map(([name, c]) => summarise(name, c))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  container1(service: string): EmulatedContainer | undefined {
    return this.containers().find((c) => c.name === `${this.project}-${service}-1`);
  }

  /** Every container, volume and network in the emulator that carries this project's label. */
  ownedLeftovers(): { containers: string[]; volumes: string[]; networks: string[] } {
    const s = this.emulator.state();
    const ours = (labels: Record<string, string>) => labels["dev.hostwright.project"] === this.project;
    const names = (all: Record<string, { configuration: { labels: Record<string, string> } }>) =>
      Object.entries(all)
        .filter(([, r]) => ours(r.configuration.labels))
        .map(([name]) => name)
        .sort();
    return { containers: names(s.containers), volumes: names(s.volumes), networks: names(s.networks) };
  }

  dispose(): void {
    this.emulator.dispose();
    rmSync(this.ws.dir, { recursive: true, force: true });
  }
}
