/** The machine a result came from: without it a benchmark number means nothing. */
import { readFileSync } from "node:fs";
import os from "node:os";
import type { EngineApi } from "./engine-api.js";

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  os: string;
  engine: string;
  storageDriver: string;
  node: string;
  compose: string;
  composeV2: string;
  date: string;
  /** 1-minute load average when the run started and ended: other work on the machine skews numbers. */
  loadAverage: { start: number; end?: number };
}

function osName(): string {
  try {
    const text = readFileSync("/etc/os-release", "utf8");
    return /^PRETTY_NAME="?([^"\n]+)"?/m.exec(text)?.[1] ?? os.type();
  } catch {
    return os.type();
  }
}

export async function describeMachine(
  engine: EngineApi,
  compose: string | undefined,
  composeV2: string | undefined,
): Promise<MachineInfo> {
  const version = await engine.version();
  const info = (await engine.call("GET", "/info")) as { Driver?: string };
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    kernel: os.release(),
    os: osName(),
    engine: `Docker Engine ${version.Version} (API ${version.ApiVersion})`,
    storageDriver: info.Driver ?? "unknown",
    node: process.version,
    compose: compose ? `docker-compose ${compose}` : "not installed",
    composeV2: composeV2 ? `docker compose ${composeV2}` : "not installed (no CLI plugin): not measured",
    date: new Date().toISOString(),
    loadAverage: { start: Math.round(os.loadavg()[0]! * 100) / 100 },
  };
}
