import { describe, expect, it } from "vitest";
import type { ContainerState, RestartPolicyName, RestartSpec } from "../../core/index.js";
import { decideRestart, stopSurvivesDaemonRestart } from "./restart-decision.js";

function policy(name: RestartPolicyName, maxRetries?: number): RestartSpec {
  return {
    policy: name,
    ...(maxRetries === undefined ? {} : { maxRetries }),
    backoff: { initialMs: 1000, maxMs: 60_000 },
  };
}

function decide(
  name: RestartPolicyName,
  opts: {
    exitCode?: number;
    state?: ContainerState;
    stoppedByUser?: boolean;
    restartsSoFar?: number;
    max?: number;
  } = {},
) {
  return decideRestart({
    policy: policy(name, opts.max),
    state: opts.state ?? "exited",
    stoppedByUser: opts.stoppedByUser ?? false,
    restartsSoFar: opts.restartsSoFar ?? 0,
    ...(opts.exitCode === undefined ? {} : { exitCode: opts.exitCode }),
  });
}

describe("decideRestart", () => {
  it("never restarts with policy no", () => {
    expect(decide("no", { exitCode: 1 })).toEqual({
      restart: false,
      outcome: "policy-no",
      reason: "exited with code 1; policy no never restarts",
    });
    expect(decide("no", { exitCode: 0 }).outcome).toBe("completed");
  });

  it("restarts on-failure only for non-zero exits, counting retries", () => {
    expect(decide("on-failure", { exitCode: 0, max: 5 })).toEqual({
      restart: false,
      outcome: "completed",
      reason: "exited with code 0; policy on-failure restarts only on failure",
    });
    expect(decide("on-failure", { exitCode: 1, max: 5, restartsSoFar: 2 })).toEqual({
      restart: true,
      outcome: "restart",
      reason: "exited with code 1; policy on-failure, retry 3 of 5",
    });
    expect(decide("on-failure", { exitCode: 1, restartsSoFar: 41 }).reason).toBe(
      "exited with code 1; policy on-failure, retry 42",
    );
  });

  it("gives up on-failure after maxRetries", () => {
    expect(decide("on-failure", { exitCode: 2, max: 5, restartsSoFar: 5 })).toEqual({
      restart: false,
      outcome: "retries-exhausted",
      reason: "exited with code 2; policy on-failure gave up after 5 retries",
    });
    expect(decide("on-failure", { exitCode: 2, max: 1, restartsSoFar: 1 }).reason).toContain("after 1 retry");
  });

  it("treats a dead container without an exit code as a failure", () => {
    const d = decide("on-failure", { state: "dead" });
    expect(d.restart).toBe(true);
    expect(d.reason).toBe("exited with an unknown code; policy on-failure, retry 1");
  });

  it("restarts unless-stopped and always after any exit", () => {
    expect(decide("unless-stopped", { exitCode: 0 })).toEqual({
      restart: true,
      outcome: "restart",
      reason: "exited with code 0; policy unless-stopped",
    });
    expect(decide("always", { exitCode: 137 }).restart).toBe(true);
  });

  it("honours an operator's stop under every policy", () => {
    for (const name of ["no", "on-failure", "unless-stopped", "always"] as const) {
      const d = decide(name, { exitCode: 143, stoppedByUser: true });
      expect(d.restart).toBe(false);
      expect(d.outcome).toBe("stopped-by-user");
    }
    expect(decide("unless-stopped", { exitCode: 143, stoppedByUser: true }).reason).toBe(
      "exited with code 143 after `hostwright stop`; policy unless-stopped keeps it stopped until `hostwright start`",
    );
  });

  it("does nothing for a container that has not exited", () => {
    for (const state of ["running", "restarting", "created", "paused", "removing"] as const) {
      expect(decide("always", { state })).toMatchObject({ restart: false, outcome: "not-exited" });
    }
  });
});

describe("stopSurvivesDaemonRestart", () => {
  it("is true only for unless-stopped", () => {
    expect(stopSurvivesDaemonRestart("unless-stopped")).toBe(true);
    expect(stopSurvivesDaemonRestart("always")).toBe(false);
    expect(stopSurvivesDaemonRestart("on-failure")).toBe(false);
  });
});
