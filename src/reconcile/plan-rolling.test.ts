import { describe, expect, it } from "vitest";
import {
  desired,
  observed,
  ownedContainer,
  ownership,
  service,
} from "../../test/support/desired-fixtures.js";
import type { ServiceSpec } from "../core/index.js";
import { planConvergence } from "./plan.js";
import { renderPlanText } from "./render-plan.js";

const P = "shop";
const readiness: NonNullable<ServiceSpec["probes"]["readiness"]> = {
  action: { kind: "tcp", port: 80 },
  intervalMs: 1000,
  timeoutMs: 1000,
  failureThreshold: 3,
  successThreshold: 1,
  initialDelayMs: 0,
};

function stopFirstPlan(maxUnavailable: number, probes: ServiceSpec["probes"] = { readiness }) {
  const update = { ...service("w").update, maxSurge: 0, maxUnavailable };
  const before = service("w", { replicas: 3, env: { A: "1" }, probes, update });
  const after = service("w", { replicas: 3, env: { A: "2" }, probes, update });
  const cs = [1, 2, 3].map((n) => ownedContainer(P, before, n, { id: `id${n}`.padEnd(64, "0") }));
  const plan = planConvergence({
    desired: desired(P, [after]),
    observed: observed(P, cs),
    ownership: ownership(cs),
    secretDigests: {},
    history: [before],
  });
  return renderPlanText(plan).replace(/Plan hash: \w+/, "Plan hash: <hash>");
}

describe("stop-first rolling update (golden text)", () => {
  it("maxUnavailable 1: one replica down at a time, the next stops only when the replacement is ready", () => {
    expect(stopFirstPlan(1)).toBe(`Project shop: 3 to recreate

  ~ w                recreate  recreate 3 stop-first (update.maxSurge is 0): spec changed: env A

Operations:
  [1] stop shop-w-1: spec changed: env A
  [2] remove shop-w-1 after #1: spec changed: env A
  [3] create shop-w-1 after #2: spec changed: env A
  [4] start shop-w-1 after #3: start the replacement
  [5] await shop-w-1 ready after #4: the next batch of the rolling update waits for this replacement
  [6] stop shop-w-2 after #5: spec changed: env A
  [7] remove shop-w-2 after #6: spec changed: env A
  [8] create shop-w-2 after #5,#7: spec changed: env A
  [9] start shop-w-2 after #8: start the replacement
  [10] await shop-w-2 ready after #9: the next batch of the rolling update waits for this replacement
  [11] stop shop-w-3 after #10: spec changed: env A
  [12] remove shop-w-3 after #11: spec changed: env A
  [13] create shop-w-3 after #10,#12: spec changed: env A
  [14] start shop-w-3 after #13: start the replacement

Plan hash: <hash>
`);
  });

  it("maxUnavailable 2: two replicas at once, the third after both replacements are ready", () => {
    expect(stopFirstPlan(2)).toBe(`Project shop: 3 to recreate

  ~ w                recreate  recreate 3 stop-first (update.maxSurge is 0): spec changed: env A

Operations:
  [1] stop shop-w-1: spec changed: env A
  [2] remove shop-w-1 after #1: spec changed: env A
  [3] create shop-w-1 after #2: spec changed: env A
  [4] start shop-w-1 after #3: start the replacement
  [5] await shop-w-1 ready after #4: the next batch of the rolling update waits for this replacement
  [6] stop shop-w-2: spec changed: env A
  [7] remove shop-w-2 after #6: spec changed: env A
  [8] create shop-w-2 after #7: spec changed: env A
  [9] start shop-w-2 after #8: start the replacement
  [10] await shop-w-2 ready after #9: the next batch of the rolling update waits for this replacement
  [11] stop shop-w-3 after #5,#10: spec changed: env A
  [12] remove shop-w-3 after #11: spec changed: env A
  [13] create shop-w-3 after #5,#10,#12: spec changed: env A
  [14] start shop-w-3 after #13: start the replacement

Plan hash: <hash>
`);
  });

  it("without a readiness probe the next batch waits for the replacement to be running", () => {
    const text = stopFirstPlan(1, {});
    expect(text).toContain("[5] await shop-w-1 running after #4");
    expect(text).toContain("[6] stop shop-w-2 after #5");
  });

  it("a runtime without rename takes the same gated path even with maxSurge 1", () => {
    const update = { ...service("w").update, maxSurge: 1, maxUnavailable: 0 };
    const before = service("w", { replicas: 2, env: { A: "1" }, probes: { readiness }, update });
    const after = service("w", { replicas: 2, env: { A: "2" }, probes: { readiness }, update });
    const cs = [1, 2].map((n) => ownedContainer(P, before, n, { id: `id${n}`.padEnd(64, "0") }));
    const plan = planConvergence({
      desired: desired(P, [after]),
      observed: observed(P, cs),
      ownership: ownership(cs),
      secretDigests: {},
      runtime: { name: "apple", rename: false },
    });
    const ops = plan.ops.map((o) => `${o.kind} ${o.target} after ${o.dependsOn.join(",")}`);
    expect(ops).toContain("await container:shop-w-1 after 4");
    expect(ops).toContain("stop container:shop-w-2 after 5");
    expect(plan.ops.some((o) => o.kind === "rename")).toBe(false);
  });
});
