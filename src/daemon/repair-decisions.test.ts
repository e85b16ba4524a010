/** Repair decisions per drift: restart policy, back-off, crash loops, rolled-back specs, guardrails. */
import { describe, expect, it } from "vitest";
import { desired, ownedContainer, service } from "../../test/support/desired-fixtures.js";
import type { Desired, Observed } from "../core/index.js";
import type { Drift, Plan } from "../reconcile/index.js";
import { RateLimiter, RestartBackoff } from "./policy/index.js";
import { type DecideInput, decideRepairs } from "./repair-decisions.js";

const P = "rd";
const NOW = 1_700_000_000_000;
const web = service("web");
const d: Desired = desired(P, [web]);
const stopped: Drift = { kind: "stopped", service: "web", name: "rd-web-1", detail: "exited (1)" };
const exited: Observed = {
  containers: [ownedContainer(P, web, 1, { state: "exited", exitCode: 1 })],
  networks: [],
  volumes: [],
} as never;

function input(over: Partial<DecideInput> & { drift?: Drift[] } = {}): DecideInput {
  const backoff = RestartBackoff.fromJSON(web.restart.backoff, undefined, () => 0.5);
  return {
    plan: { drift: over.drift ?? [stopped] } as Plan,
    desired: d,
    observed: exited,
    now: NOW,
    paused: () => false,
    limiter: new RateLimiter({ actions: 5, perMs: 600_000 }),
    backoff: () => backoff,
    exitSeenAt: () => NOW,
    stoppedByUser: () => false,
    ...over,
  };
}

describe("decideRepairs", () => {
  it("restarts a crashed container at once the first time", () => {
    const r = decideRepairs(input());
    expect([...r.act]).toEqual(["rd-web-1"]);
    expect(r.items[0]?.decision.verdict).toBe("act");
    expect(r.items[0]?.backoffUntil).toBeUndefined();
  });

  it("waits out the back-off after a restart, and says until when", () => {
    const backoff = RestartBackoff.fromJSON(web.restart.backoff, undefined, () => 0.5);
    backoff.recordRestart(NOW - 10);
    const r = decideRepairs(input({ backoff: () => backoff }));
    expect(r.act.size).toBe(0);
    expect(r.items[0]?.backoffUntil).toBeGreaterThan(NOW);
    expect(r.items[0]?.backoffText).toMatch(/^back-off /);
  });

  it("calls three restarts without a stable run a crash loop", () => {
    const backoff = RestartBackoff.fromJSON(web.restart.backoff, undefined, () => 0.5);
    for (const t of [NOW - 3000, NOW - 2000, NOW - 1000]) backoff.recordRestart(t);
    expect(decideRepairs(input({ backoff: () => backoff })).items[0]?.crashLoop).toMatch(/restarted 3 times/);
  });

  it("leaves a container an operator stopped alone", () => {
    const r = decideRepairs(input({ stoppedByUser: () => true }));
    expect(r.act.size).toBe(0);
  });

  it("does not act on a paused service; the limiter blocks a re-create past its rate", () => {
    expect(decideRepairs(input({ paused: () => true })).act.size).toBe(0);
    const limiter = new RateLimiter({ actions: 1, perMs: 600_000 });
    limiter.record("web", NOW - 1);
    // Restart-policy restarts are paced by back-off; a re-create (missing) spends the rate limit.
    const missing: Drift = { kind: "missing", service: "web", name: "rd-web-1", detail: "not found" };
    const r = decideRepairs(input({ limiter, drift: [missing] }));
    expect(r.act.size).toBe(0);
    expect(r.items[0]?.decision.verdict).toBe("blocked");
  });

  it("does not retry a spec whose update was rolled back", () => {
    const modified: Drift = { kind: "modified", service: "web", name: "rd-web-1", detail: "spec changed" };
    const r = decideRepairs(input({ drift: [modified], rolledBackSpec: () => web.specHash }));
    expect(r.act.size).toBe(0);
    expect(r.items[0]?.decision).toMatchObject({ verdict: "blocked", action: "diagnostics" });
  });
});
