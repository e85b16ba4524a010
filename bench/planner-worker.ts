/**
 * Scenario 5's measuring process (run with --expose-gc so heap numbers are clean): builds a real
 * Desired for S services from YAML (parseManifest), an in-memory observed snapshot, and times
 * planConvergence. No engine. Prints one JSON object on stdout.
 *
 *   node --expose-gc --import tsx bench/planner-worker.ts <services> <runs>
 */
import type { Desired, Observed, ObservedContainer } from "../src/core/index.js";
import { parseManifest } from "../src/manifest/index.js";
import { type PlanInput, planConvergence } from "../src/reconcile/index.js";
import { compactHostwrightManifest, hostwrightManifest, IMAGE } from "./manifests.js";

const OWNER = "00000000-0000-4000-8000-00000000bench";
const IMAGE_ID = `sha256:${"b".repeat(64)}`;

export interface PlannerCase {
  name: string;
  ops: number;
  timesMs: number[];
  /** Heap still held after one plan (plan retained, garbage collected), MiB. */
  retainedHeapMiB: number;
  /** Heap growth across one plan before any collection (allocation pressure), MiB. */
  allocatedHeapMiB: number;
}

export interface PlannerReport {
  services: number;
  parseMs: number;
  cases: PlannerCase[];
  rssMiB: number;
  rssBeforePlanningMiB: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
const mib = (bytes: number) => bytes / 1024 / 1024;

function observedFor(desired: Desired, running: boolean): Observed {
  const containers: ObservedContainer[] = running
    ? desired.instances.map((i) => ({
        id: `${i.name}`.padEnd(64, "0"),
        name: i.name,
        labels: {
          "dev.hostwright.managed": "true",
          "dev.hostwright.project": desired.project,
          "dev.hostwright.service": i.service,
          "dev.hostwright.instance": String(i.index),
          "dev.hostwright.spec-hash": i.spec.specHash,
          "dev.hostwright.owner": OWNER,
        },
        state: "running",
        image: IMAGE,
        imageId: IMAGE_ID,
        ports: i.spec.ports.map((p) => ({
          hostIP: p.hostIP,
          host: p.host ?? 0,
          container: p.container,
          protocol: p.protocol,
        })),
      }))
    : [];
  return {
    project: desired.project,
    takenAt: new Date().toISOString(),
    runtime: "docker",
    containers,
    clashes: [],
    volumes: [],
    networks: running
      ? [
          {
            id: "n1",
            name: `${desired.project}_default`,
            labels: {
              "dev.hostwright.managed": "true",
              "dev.hostwright.project": desired.project,
              "dev.hostwright.owner": OWNER,
            },
          },
        ]
      : [],
    images: { [IMAGE]: IMAGE_ID },
  };
}

function inputFor(desired: Desired, running: boolean): PlanInput {
  const observed = observedFor(desired, running);
  return {
    desired,
    observed,
    ownership: {
      ownerId: OWNER,
      containers: new Set(observed.containers.map((c) => c.name)),
      volumes: new Set(),
      networks: new Set(observed.networks.map((n) => n.name)),
    },
    secretDigests: {},
    runtime: { name: "docker", rename: true },
  };
}

function measure(name: string, input: PlanInput, runs: number): PlannerCase {
  const timesMs: number[] = [];
  let ops = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const plan = planConvergence(input);
    timesMs.push(performance.now() - t0);
    ops = plan.ops.length;
    // A plan that blocks services (e.g. a network it does not own) is not the case being measured.
    if (plan.blocked.length > 0) throw new Error(`${name}: ${plan.blocked.length} services blocked`);
  }
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const held = planConvergence(input);
  const allocated = process.memoryUsage().heapUsed - before;
  gc?.();
  const retained = process.memoryUsage().heapUsed - before;
  if (held.ops.length !== ops) throw new Error("planner is not deterministic");
  return { name, ops, timesMs, retainedHeapMiB: mib(retained), allocatedHeapMiB: mib(allocated) };
}

function main(): void {
  const services = Number(process.argv[2] ?? 1000);
  const runs = Number(process.argv[3] ?? 15);
  const stack = { n: services, portBase: 30_000, readinessInterval: "10s" };
  const block = hostwrightManifest("plannerbench", stack);
  // 5,000 services in block form pass the manifest's 1 MiB limit; the compact form stays under it.
  const yaml = block.length < 1_000_000 ? block : compactHostwrightManifest("plannerbench", stack);
  const t0 = performance.now();
  const parsed = parseManifest(yaml, { file: "/tmp/plannerbench/hostwright.yaml", env: {} });
  const parseMs = performance.now() - t0;
  if (!parsed.ok) throw new Error(`manifest invalid: ${JSON.stringify(parsed.diagnostics.slice(0, 3))}`);
  gc?.();
  const rssBeforePlanningMiB = mib(process.memoryUsage().rss);
  const noop = measure("no-op (all converged)", inputFor(parsed.desired, true), runs);
  if (noop.ops !== 0) throw new Error(`no-op plan has ${noop.ops} ops; the observed snapshot is wrong`);
  const cold = measure(`cold (${services} creates)`, inputFor(parsed.desired, false), runs);
  const report: PlannerReport = {
    services,
    parseMs,
    cases: [noop, cold],
    rssMiB: mib(process.memoryUsage().rss),
    rssBeforePlanningMiB,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main();
