/**
 * What every scenario records. One `Measurement` is one table row (a tool in a scenario at one N);
 * `ApiCallCount` and `Check` carry the extra evidence the targets need (engine calls per no-op,
 * "only the changed service was recreated").
 */
import { type Summary, summarize } from "./stats.js";

export type Unit = "ms" | "MB" | "%";

export interface Measurement extends Summary {
  scenario: string;
  tool: string;
  n: number;
  unit: Unit;
  samples: number[];
  /** The floor row of its scenario (the ratio "to floor" divides by this). */
  floor?: boolean;
  note?: string;
}

export interface ApiCallCount {
  tool: string;
  n: number;
  calls: number;
  /** "GET /containers/json" → count, paths normalised (no API version, ids replaced). */
  byEndpoint: Record<string, number>;
}

export interface Check {
  scenario: string;
  tool: string;
  n: number;
  ok: boolean;
  detail: string;
}

export class ResultSet {
  readonly measurements: Measurement[] = [];
  readonly apiCalls: ApiCallCount[] = [];
  readonly checks: Check[] = [];
  readonly notes: string[] = [];

  add(
    scenario: string,
    tool: string,
    n: number,
    samples: number[],
    opts: { unit?: Unit; floor?: boolean; note?: string } = {},
  ): Measurement {
    const m: Measurement = {
      scenario,
      tool,
      n,
      unit: opts.unit ?? "ms",
      samples: samples.map((s) => Math.round(s * 10) / 10),
      ...summarize(samples),
      ...(opts.floor ? { floor: true } : {}),
      ...(opts.note ? { note: opts.note } : {}),
    };
    this.measurements.push(m);
    return m;
  }

  find(scenario: string, tool: string, n: number): Measurement | undefined {
    return this.measurements.find((m) => m.scenario === scenario && m.tool === tool && m.n === n);
  }
}
