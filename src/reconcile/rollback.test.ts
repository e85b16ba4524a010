import { describe, expect, it } from "vitest";
import { desired, observed, ownedContainer, service } from "../../test/support/desired-fixtures.js";
import type { ApplyResult } from "./executor.js";
import type { Plan } from "./plan-types.js";
import { rollbackCandidates, withPreviousSpecs } from "./rollback.js";

const P = "shop";
const v1 = service("api", { env: { V: "1" } });
const v2 = service("api", { env: { V: "2" } });
const planOf = (action: "recreate" | "create"): Plan => ({
  project: P,
  desiredHash: "",
  observedAt: "",
  drift: [],
  services: [{ service: "api", action, detail: "" }],
  ops: [],
  blocked: [],
  hash: "",
});
const failed: ApplyResult = { ok: false, results: [], failedServices: ["api"] };

describe("rollbackCandidates", () => {
  const input = (over: Partial<Parameters<typeof rollbackCandidates>[0]> = {}) => ({
    plan: planOf("recreate"),
    result: failed,
    desired: desired(P, [v2]),
    observedBefore: observed(P, [ownedContainer(P, v1, 1)]),
    history: [v2, v1],
    secretDigests: {},
    ...over,
  });

  it("rolls a failed recreate back to the spec its old containers ran", () => {
    const [v] = rollbackCandidates(input());
    expect(v?.rollback).toBe(true);
    expect(v?.previous?.specHash).toBe(v1.specHash);
  });

  it("does not roll back with failureAction pause, but keeps the previous spec for a recovery plan", () => {
    const paused = service("api", { env: { V: "2" }, update: { ...v2.update, failureAction: "pause" } });
    const [v] = rollbackCandidates(input({ desired: desired(P, [paused]) }));
    expect(v).toMatchObject({ rollback: false, reason: "update.failureAction is pause" });
    expect(v?.previous?.specHash).toBe(v1.specHash);
  });

  it("cannot roll back when the old spec is not recorded, and ignores services that were not recreated", () => {
    expect(rollbackCandidates(input({ history: [v2] }))[0]).toMatchObject({ rollback: false });
    expect(rollbackCandidates(input({ plan: planOf("create") }))).toEqual([]);
  });

  it("withPreviousSpecs rebuilds the instances of the services put back", () => {
    const back = withPreviousSpecs(desired(P, [service("api", { replicas: 2, env: { V: "2" } })]), [v1]);
    expect(back.instances.map((i) => `${i.name}:${i.spec.env.V}`)).toEqual(["shop-api-1:1"]);
  });
});
