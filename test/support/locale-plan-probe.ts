/**
 * Run by src/reconcile/plan-locale.test.ts in a child process with a chosen LANG: prints the op
 * order and hash of a fixed plan whose names sort differently under Danish collation ("aa" = "å").
 */
import { planConvergence } from "../../src/reconcile/plan.js";
import { desired, observed, ownedContainer, ownership, service } from "./desired-fixtures.js";

const P = "shop";
const deps = { z: "ready", aa: "ready", b: "ready" } as const;
const web = service("web", { dependsOn: deps });
const d = desired(P, [service("z"), service("aa"), service("b"), web]);
// Orphans of services no longer declared: their removal order comes from the diff's sort.
const orphans = ["x-z", "x-aa", "x-b"].map((s) => ownedContainer(P, service(s), 1));
const o = observed(P, orphans);
const plan = planConvergence({ desired: d, observed: o, ownership: ownership(orphans), secretDigests: {} });
process.stdout.write(
  JSON.stringify({
    ops: plan.ops.map((op) => `${op.kind} ${op.target}`),
    services: plan.services.map((s) => s.service),
    hash: plan.hash,
  }),
);
