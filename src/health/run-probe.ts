/** Runs one probe once. Never throws: every failure is a not-ok result that explains itself. */
import { performance } from "node:perf_hooks";
import { errorMessage, type ProbeAction, type RuntimeAdapter } from "../core/index.js";
import { execProbe } from "./exec-probe.js";
import { httpProbe } from "./http-probe.js";
import { resolveProbeAddress } from "./probe-address.js";
import type { ProbeOutcome } from "./probe-outcome.js";
import { capOutput } from "./probe-output.js";
import type { ProbeResult, ProbeTarget } from "./probe-types.js";
import { tcpProbe } from "./tcp-probe.js";

export async function runProbe(
  runtime: Pick<RuntimeAdapter, "exec">,
  target: ProbeTarget,
  action: ProbeAction,
  opts: { timeoutMs: number; preferHostPort?: boolean },
): Promise<ProbeResult> {
  const at = new Date().toISOString();
  const started = performance.now();
  let outcome: ProbeOutcome;
  try {
    outcome = await dispatch(runtime, target, action, opts);
  } catch (err) {
    outcome = { ok: false, output: "", error: describeFailure(err, opts.timeoutMs) };
  }
  return {
    ok: outcome.ok,
    output: capOutput(outcome.output),
    durationMs: Math.round(performance.now() - started),
    at,
    ...(outcome.error === undefined ? {} : { error: capOutput(outcome.error) }),
  };
}

async function dispatch(
  runtime: Pick<RuntimeAdapter, "exec">,
  target: ProbeTarget,
  action: ProbeAction,
  opts: { timeoutMs: number; preferHostPort?: boolean },
): Promise<ProbeOutcome> {
  if (action.kind === "exec") return execProbe(runtime, target.containerId, action.command, opts.timeoutMs);
  const address = resolveProbeAddress(target, action.port, opts.preferHostPort);
  if ("error" in address) return { ok: false, output: "", error: address.error };
  if (action.kind === "http") return httpProbe(address, action, opts.timeoutMs);
  return tcpProbe(address, opts.timeoutMs);
}

function describeFailure(err: unknown, timeoutMs: number): string {
  const name = err instanceof Error ? err.name : "";
  if (name === "TimeoutError" || name === "AbortError") return `timed out after ${timeoutMs}ms`;
  // undici wraps socket errors; the cause says what actually happened (ECONNREFUSED…).
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${errorMessage(err)}${cause}`;
}
