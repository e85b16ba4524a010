import type { ContainerState, RestartPolicyName, RestartSpec } from "../../core/index.js";

export interface RestartInput {
  policy: RestartSpec;
  exitCode?: number;
  state: ContainerState;
  /** The container was stopped with `hostwright stop` (or the runtime's stop) rather than exiting. */
  stoppedByUser: boolean;
  /** Restarts already made for the current failure streak (what on-failure's maxRetries counts). */
  restartsSoFar: number;
}

/**
 * Why the policy decided as it did, for code (the guardrail gate) rather than for people:
 * - restart: the policy asks for a restart;
 * - not-exited: the container is not in a state a restart policy acts on;
 * - completed: it exited successfully and the policy leaves successful exits alone;
 * - stopped-by-user: an operator stopped it and the policy respects that;
 * - policy-no: it failed but the policy is `no`;
 * - retries-exhausted: on-failure used up maxRetries — needs a human.
 */
export type RestartOutcome =
  | "restart"
  | "not-exited"
  | "completed"
  | "stopped-by-user"
  | "policy-no"
  | "retries-exhausted";

export interface RestartDecision {
  restart: boolean;
  outcome: RestartOutcome;
  /** Worded for events: "exited with code 1; policy on-failure, retry 3 of 5". */
  reason: string;
}

/** Docker's restart-policy semantics, applied by the daemon rather than by the engine. */
export function decideRestart(input: RestartInput): RestartDecision {
  const { policy, state } = input;
  const name = policy.policy;
  if (state !== "exited" && state !== "dead") {
    return {
      restart: false,
      outcome: "not-exited",
      reason: `container is ${state}; policy ${name} has nothing to do`,
    };
  }
  const how = exitWording(input.exitCode);
  const failed = input.exitCode !== 0;

  // Every policy honours an operator's stop; the exit code of a stopped container (143, 137) is
  // the signal's, not a failure of the workload.
  if (input.stoppedByUser) {
    return {
      restart: false,
      outcome: "stopped-by-user",
      reason: `${how} after \`hostwright stop\`; policy ${name} keeps it stopped until \`hostwright start\``,
    };
  }
  switch (name) {
    case "no":
      return failed
        ? { restart: false, outcome: "policy-no", reason: `${how}; policy no never restarts` }
        : { restart: false, outcome: "completed", reason: `${how}; policy no never restarts` };
    case "on-failure":
      return decideOnFailure(policy, how, failed, input.restartsSoFar);
    case "unless-stopped":
    case "always":
      return { restart: true, outcome: "restart", reason: `${how}; policy ${name}` };
  }
}

function decideOnFailure(
  policy: RestartSpec,
  how: string,
  failed: boolean,
  restartsSoFar: number,
): RestartDecision {
  if (!failed) {
    return {
      restart: false,
      outcome: "completed",
      reason: `${how}; policy on-failure restarts only on failure`,
    };
  }
  const max = policy.maxRetries;
  if (max === undefined) {
    return {
      restart: true,
      outcome: "restart",
      reason: `${how}; policy on-failure, retry ${restartsSoFar + 1}`,
    };
  }
  if (restartsSoFar >= max) {
    return {
      restart: false,
      outcome: "retries-exhausted",
      reason: `${how}; policy on-failure gave up after ${max} ${max === 1 ? "retry" : "retries"}`,
    };
  }
  return {
    restart: true,
    outcome: "restart",
    reason: `${how}; policy on-failure, retry ${restartsSoFar + 1} of ${max}`,
  };
}

function exitWording(exitCode: number | undefined): string {
  return exitCode === undefined ? "exited with an unknown code" : `exited with code ${exitCode}`;
}

/**
 * Whether a `hostwright stop` should still hold after the daemon itself restarts. Docker's
 * distinction: `always` forgets a manual stop when the daemon restarts, `unless-stopped` does not.
 * The daemon persists the stop only when this is true.
 */
export function stopSurvivesDaemonRestart(policy: RestartPolicyName): boolean {
  return policy === "unless-stopped";
}
