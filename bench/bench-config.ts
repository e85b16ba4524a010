/** Sizes of one benchmark run (full or --quick), and the fixed host-port ranges each stack uses. */

export interface BenchConfig {
  quick: boolean;
  /** Repetitions of every timed scenario (alternating tool order each time). */
  runs: number;
  coldNs: number[];
  noopNs: number[];
  changeNs: number[];
  /** docker-compose takes part in no-op and one-change runs up to this N (its set-up of 500 alone takes minutes). */
  composeMaxN: number;
  /** Planner sizes; the first is the one with the 100 ms target. */
  plannerServices: number[];
  plannerRuns: number;
  idleServices: number;
  idleWindowMs: number;
  /** Sub-window for the daemon CPU samples. */
  idleSliceMs: number;
  /** Services in the no-op scenarios with build contexts and with pullPolicy: always. */
  featureNoopN: number;
  /** Parallelism for hostwright apply and the raw floor alike. */
  concurrency: number;
}

export function benchConfig(quick: boolean): BenchConfig {
  return quick
    ? {
        quick,
        runs: 3,
        coldNs: [10, 25],
        noopNs: [10, 50],
        changeNs: [10],
        composeMaxN: 50,
        plannerServices: [1000],
        plannerRuns: 5,
        idleServices: 50,
        idleWindowMs: 20_000,
        idleSliceMs: 5_000,
        featureNoopN: 10,
        concurrency: 8,
      }
    : {
        quick,
        runs: 5,
        coldNs: [10, 50],
        noopNs: [10, 50, 200, 500],
        changeNs: [10, 50, 200, 500],
        composeMaxN: 200,
        plannerServices: [1000, 5000],
        plannerRuns: 15,
        idleServices: 50,
        idleWindowMs: 60_000,
        idleSliceMs: 10_000,
        featureNoopN: 50,
        concurrency: 8,
      };
}

/** Service i of a stack publishes 127.0.0.1:(base + i); ranges sit below Linux's ephemeral ports. */
export const PortBase = {
  hostwright: 21000,
  composeV1: 22000,
  composeV2: 23000,
  floor: 24000,
  driftHostwright: 25000,
  driftFloor: 26000,
  idle: 27000,
  build: 28000,
  pull: 29000,
} as const;
