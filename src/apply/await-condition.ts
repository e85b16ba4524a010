/**
 * Waits for what an await op asks: "running" (the new container stays up), "ready" (its startup
 * then readiness probes pass) or "completed" (it exits 0). A container that dies while we wait
 * fails the wait at once instead of burning the whole deadline.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { type Desired, HwError, type ObservedContainer, type RuntimeAdapter } from "../core/index.js";
import { waitForProbe } from "../health/index.js";
import type { AwaitOp } from "../reconcile/index.js";
import { awaitEngineHealthy } from "./await-engine-health.js";

const POLL_MS = 250;
/** How long a replacement must stay running, without probes, to count as started. */
const STAY_UP_MS = 1000;

export function makeAwaitCondition(runtime: RuntimeAdapter, desired: Desired, preferHostPort: boolean) {
  return async (op: AwaitOp, runtimeId: string): Promise<void> => {
    const deadline = Date.now() + op.timeoutMs;
    const spec = desired.services.find((s) => s.name === op.service);
    if (op.condition === "completed") return awaitCompleted(runtime, runtimeId, op, deadline);
    if (op.condition === "running" || !spec) return awaitRunning(runtime, runtimeId, op);
    const probes = [spec.probes.startup, spec.probes.readiness].filter((p) => p !== undefined);
    // No readiness probe: an engine HEALTHCHECK (the service's or its image's) decides "ready".
    if (!spec.probes.readiness) {
      const c = await mustInspect(runtime, runtimeId, op);
      if (c.health !== undefined) return awaitEngineHealthy(runtime, runtimeId, op, deadline);
    }
    const abort = new AbortController();
    const death = watchForExit(runtime, runtimeId, abort.signal);
    death.catch(() => {}); // observed through the race below; never an unhandled rejection
    try {
      for (const probe of probes) {
        const c = await mustInspect(runtime, runtimeId, op);
        const result = await Promise.race([
          waitForProbe(runtime, { containerId: c.id, ...(c.ip ? { ip: c.ip } : {}), ports: c.ports }, probe, {
            deadlineMs: Math.max(0, deadline - Date.now()),
            signal: abort.signal,
            preferHostPort,
          }),
          death,
        ]);
        if (!result.ok) {
          const last = result.last?.error ?? result.last?.output ?? "";
          throw new HwError(
            "HW-APPLY-003",
            `${op.name} did not become ready within ${Math.round(op.timeoutMs / 1000)}s${last ? `: ${last.trim().slice(0, 200)}` : ""}`,
          );
        }
      }
    } finally {
      abort.abort();
    }
  };
}

async function mustInspect(runtime: RuntimeAdapter, id: string, op: AwaitOp): Promise<ObservedContainer> {
  const c = await runtime.inspect(id);
  if (!c) throw new HwError("HW-APPLY-001", `${op.name} disappeared while waiting for it`);
  return c;
}

function exitedError(op: AwaitOp, c: ObservedContainer): HwError {
  return new HwError(
    "HW-APPLY-002",
    `${op.name} exited with code ${c.exitCode ?? "?"} instead of staying up`,
    {
      hint: `see \`hostwright logs ${op.service ?? ""}\``,
    },
  );
}

async function awaitRunning(runtime: RuntimeAdapter, id: string, op: AwaitOp): Promise<void> {
  for (let waited = 0; waited <= STAY_UP_MS; waited += POLL_MS) {
    const c = await mustInspect(runtime, id, op);
    if (c.state === "exited" || c.state === "dead") throw exitedError(op, c);
    await sleep(POLL_MS);
  }
}

async function awaitCompleted(
  runtime: RuntimeAdapter,
  id: string,
  op: AwaitOp,
  deadline: number,
): Promise<void> {
  while (Date.now() < deadline) {
    const c = await mustInspect(runtime, id, op);
    if (c.state === "exited" || c.state === "dead") {
      if (c.exitCode === 0) return;
      throw new HwError(
        "HW-APPLY-004",
        `${op.name} exited with code ${c.exitCode ?? "?"}; dependents need it to complete successfully`,
      );
    }
    await sleep(POLL_MS);
  }
  throw new HwError("HW-APPLY-005", `${op.name} did not complete within ${Math.round(op.timeoutMs / 1000)}s`);
}

/** Resolves never; rejects when the container stops running. Ends quietly on abort. */
async function watchForExit(runtime: RuntimeAdapter, id: string, signal: AbortSignal): Promise<never> {
  while (!signal.aborted) {
    await sleep(POLL_MS * 2, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) break;
    const c = await runtime.inspect(id);
    if (!c)
      throw new HwError("HW-APPLY-001", `container ${id.slice(0, 12)} disappeared while waiting for it`);
    if (c.state === "exited" || c.state === "dead") {
      throw new HwError(
        "HW-APPLY-002",
        `${c.name} exited with code ${c.exitCode ?? "?"} before it became ready`,
      );
    }
  }
  return new Promise<never>(() => {});
}
