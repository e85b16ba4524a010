/**
 * "ready" for a service without a readiness probe whose container has an engine HEALTHCHECK
 * (Compose's service_healthy): wait for the engine's structured health status to be healthy.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { HwError, type RuntimeAdapter } from "../core/index.js";
import type { AwaitOp } from "../reconcile/index.js";

const POLL_MS = 250;

export async function awaitEngineHealthy(
  runtime: RuntimeAdapter,
  id: string,
  op: AwaitOp,
  deadline: number,
): Promise<void> {
  let last: string | undefined;
  while (Date.now() < deadline) {
    const c = await runtime.inspect(id);
    if (!c) throw new HwError("HW-APPLY-001", `${op.name} disappeared while waiting for it`);
    if (c.state === "exited" || c.state === "dead") {
      throw new HwError(
        "HW-APPLY-002",
        `${op.name} exited with code ${c.exitCode ?? "?"} before it was healthy`,
        {
          hint: `see \`hostwright logs ${op.service ?? ""}\``,
        },
      );
    }
    if (c.health === "healthy") return;
    last = c.health;
    await sleep(POLL_MS);
  }
  throw new HwError(
    "HW-APPLY-003",
    `${op.name} did not become healthy within ${Math.round(op.timeoutMs / 1000)}s (engine health: ${last ?? "unknown"})`,
  );
}
