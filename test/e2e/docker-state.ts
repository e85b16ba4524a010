/** Ground truth read straight from the engine with the docker CLI, independent of Hostwright. */
import { dockerCli } from "../harness/index.js";

export interface EngineContainer {
  id: string;
  name: string;
  state: string;
  startedAt: string;
  labels: Record<string, string>;
}

export async function projectContainers(project: string): Promise<EngineContainer[]> {
  const ids = (await dockerCli(["ps", "-aq", "--no-trunc", "--filter", `name=^${project}-`])).stdout
    .split("\n")
    .filter(Boolean);
  if (ids.length === 0) return [];
  const raw = JSON.parse((await dockerCli(["inspect", ...ids])).stdout) as {
    Id: string;
    Name: string;
    State: { Status: string; StartedAt: string };
    Config: { Labels: Record<string, string> | null };
  }[];
  return raw
    .map((c) => ({
      id: c.Id,
      name: c.Name.replace(/^\//, ""),
      state: c.State.Status,
      startedAt: c.State.StartedAt,
      labels: c.Config.Labels ?? {},
    }))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

export async function idsByName(project: string): Promise<Record<string, string>> {
  return Object.fromEntries((await projectContainers(project)).map((c) => [c.name, c.id]));
}

export async function ownedLeftovers(
  project: string,
): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const f = `label=dev.hostwright.project=${project}`;
  const lines = async (args: string[]) => (await dockerCli(args)).stdout.split("\n").filter(Boolean);
  return {
    containers: await lines(["ps", "-aq", "--filter", f]),
    networks: await lines(["network", "ls", "-q", "--filter", f]),
    volumes: await lines(["volume", "ls", "-q", "--filter", f]),
  };
}

export async function cleanupProject(project: string): Promise<void> {
  const left = await ownedLeftovers(project);
  const named = (await dockerCli(["ps", "-aq", "--filter", `name=^${project}-`])).stdout
    .split("\n")
    .filter(Boolean);
  const all = [...new Set([...left.containers, ...named])];
  if (all.length) await dockerCli(["rm", "-f", ...all]);
  if (left.networks.length) await dockerCli(["network", "rm", ...left.networks]);
  if (left.volumes.length) await dockerCli(["volume", "rm", "-f", ...left.volumes]);
}

export async function httpGet(port: number, path = "/"): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
}

/** A fractional-seconds mark for engineEventsSince (a whole second would catch earlier events). */
export function eventsMark(): string {
  return (Date.now() / 1000).toFixed(3);
}

/** The engine's events since `since` (from eventsMark) until now, one formatted line each. */
export async function engineEventsSince(since: string, filter: string, format: string): Promise<string[]> {
  const r = await dockerCli([
    "events",
    "--since",
    since,
    "--until",
    String(Math.floor(Date.now() / 1000) + 1),
    "--filter",
    filter,
    "--format",
    format,
  ]);
  return r.stdout.split("\n").filter((line) => line !== "");
}
