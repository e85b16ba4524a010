/**
 * Test-only fault injection for the crash test: HOSTWRIGHT_FAULT_KILL_AT=N makes `apply` SIGKILL
 * itself at the N-th operation boundary (1-based; each op has a "before-call" and an "after-call"
 * boundary). Unset (always, outside that test) it does nothing.
 */
import type { ExecutorDeps } from "../reconcile/index.js";

export function faultInjection(env: NodeJS.ProcessEnv): ExecutorDeps["boundary"] | undefined {
  const at = Number(env.HOSTWRIGHT_FAULT_KILL_AT);
  if (!Number.isInteger(at) || at < 1) return undefined;
  let seen = 0;
  return (op, point) => {
    seen++;
    if (seen !== at) return;
    process.stderr.write(
      `fault injection: SIGKILL at boundary ${seen}: ${point} [${op.id}] ${op.kind} ${op.target}\n`,
    );
    process.kill(process.pid, "SIGKILL");
  };
}
