/** Shared pieces of the swarm engine tests: a Desired from manifest text, a store, waiting on the cluster. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClusterObservation } from "../../src/cluster/index.js";
import type { Desired, PlacementSpec } from "../../src/core/index.js";
import { parseManifest } from "../../src/manifest/index.js";
import { observeCluster, SwarmApi } from "../../src/runtime/swarm/index.js";
import { openStore, type Store } from "../../src/store/index.js";
import { swarmInfo } from "../harness/swarm.js";

let counter = 0;
export function uniqueSwarmProject(topic: string): string {
  counter++;
  return `sw${topic}${process.pid % 10_000}${counter}`;
}

/** Manifest text → Desired, with placement set per service (until the manifest's `placement:` key lands). */
export function desiredFrom(
  text: string,
  placement: Record<string, Partial<PlacementSpec>> = {},
  dir = tmpdir(),
): Desired {
  const r = parseManifest(text, { file: join(dir, "hostwright.yaml"), env: {} });
  if (!r.ok) throw new Error(`manifest invalid: ${JSON.stringify(r.diagnostics)}`);
  const services = r.desired.services.map((s) => {
    const p = placement[s.name];
    if (!p) return s;
    return { ...s, placement: { nodes: [], constraints: [], failover: [], afterMs: 0, ...p } };
  });
  return { ...r.desired, services };
}

export function tempStore(): Store {
  return openStore(mkdtempSync(join(tmpdir(), "hw-swarm-store-")));
}

export function managerApi(): SwarmApi {
  return new SwarmApi(swarmInfo().managerHost);
}

/** Polls the cluster until `ok` holds (or throws with the last observation after `timeoutMs`). */
export async function waitForCluster(
  api: SwarmApi,
  store: Store,
  project: string,
  ok: (o: ClusterObservation) => boolean,
  timeoutMs = 60_000,
): Promise<ClusterObservation> {
  const until = Date.now() + timeoutMs;
  let last: ClusterObservation | undefined;
  while (Date.now() < until) {
    last = await observeCluster(api, project, store.ownerId);
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `cluster never reached the expected state; last observation:\n${JSON.stringify(last, null, 2)}`,
  );
}

/** The nodes where a service has a running task it wants running. */
export function runningOn(o: ClusterObservation, name: string): string[] {
  const s = o.services.find((x) => x.name === name);
  return (s?.tasks ?? [])
    .filter((t) => t.state === "running" && t.desiredState === "running")
    .map((t) => t.hostname ?? "?")
    .sort();
}
