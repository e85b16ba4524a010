/**
 * The API's operator actions beyond pause/resume — stop and start through the same flow as
 * `hostwright stop`/`start` (operatorStopStart: journaled, lock-taking, owned containers only) —
 * and the one rule for which desired state a plan or apply request means.
 */
import { operatorStopStart, storedDesired } from "../apply/index.js";
import { type Desired, ExitCode, HwError } from "../core/index.js";
import type { Store } from "../store/index.js";
import type { ApiHandlers } from "./api/index.js";
import type { HandlerDeps } from "./api-handlers.js";
import { desiredFromRequest } from "./desired-from-request.js";

const DEFAULT_GRACE_MS = 10_000;

/**
 * `{desired}` is what the CLI sends (re-derived and re-hashed, never trusted); `{project}` alone
 * means the desired state the daemon already stores for it, as the dashboard asks.
 */
export function desiredOf(body: unknown, store: Store): Desired {
  const b = (body ?? {}) as { desired?: unknown; project?: unknown };
  if (b.desired !== undefined || typeof b.project !== "string") return desiredFromRequest(body);
  const desired = storedDesired(store, b.project);
  if (!desired)
    throw new HwError("HW-DAEMON-033", `no desired state is stored for project ${b.project}`, {
      hint: "apply a manifest first (`hostwright apply`)",
      exitCode: ExitCode.usage,
    });
  return desired;
}

export function operatorHandlers(
  deps: Pick<HandlerDeps, "store" | "runtime" | "supervisors">,
): Pick<ApiHandlers, "stop" | "start"> {
  const act = async (body: unknown, action: "stop" | "start") => {
    const b = (body ?? {}) as { project?: unknown; service?: unknown };
    if (typeof b.project !== "string")
      throw new HwError("HW-DAEMON-031", "body needs {project, service?}", { exitCode: ExitCode.usage });
    const project = b.project;
    const service = typeof b.service === "string" ? b.service : undefined;
    const desired = storedDesired(deps.store, project);
    const grace = (s: string) =>
      desired?.services.find((x) => x.name === s)?.stopGracePeriodMs ?? DEFAULT_GRACE_MS;
    const outcome = await operatorStopStart(deps.store, deps.runtime, project, service, action, grace);
    deps.supervisors.get(project)?.trigger(action === "stop" ? "stopped by operator" : "started by operator");
    return { project, service: service ?? null, action, ...outcome };
  };
  return { stop: (body) => act(body, "stop"), start: (body) => act(body, "start") };
}
