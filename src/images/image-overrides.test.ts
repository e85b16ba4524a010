import { describe, expect, it } from "vitest";
import {
  desired,
  observed,
  ownedContainer,
  ownership,
  service,
} from "../../test/support/desired-fixtures.js";
import type { ServiceSpec } from "../core/index.js";
import { computeSpecHash } from "../manifest/index.js";
import { planConvergence, renderPlanText } from "../reconcile/index.js";
import { imageUpdateReasons, overrideSpecs, withImageOverrides } from "./image-overrides.js";

const P = "iu";
const D = `sha256:${"d".repeat(64)}`;
const declared = service("app", {
  image: "127.0.0.1:5000/app:1.0.0",
  autoUpdate: { policy: "minor", intervalMs: 2000 },
});

function resolved(spec: ServiceSpec, image: string) {
  const { specHash: _h, ...rest } = spec;
  const updated = { ...rest, image, specHash: computeSpecHash({ ...rest, image }) };
  return {
    policy: "minor" as const,
    declaredImage: spec.image,
    declaredSpecHash: spec.specHash,
    tag: "1.1.0",
    digest: D,
    image,
    spec: updated,
  };
}
const record = resolved(declared, `127.0.0.1:5000/app:1.1.0@${D}`);

describe("withImageOverrides", () => {
  it("replaces the image of a service with an applied update; idempotent; the manifest's canonical stays", () => {
    const d = desired(P, [declared]);
    const once = withImageOverrides(d, { app: { applied: record } }, "applied");
    expect(once.services[0]?.image).toBe(record.image);
    expect(once.instances[0]?.spec.specHash).toBe(record.spec.specHash);
    expect(once.canonical).toBe(d.canonical);
    expect(withImageOverrides(once, { app: { applied: record } }, "applied")).toEqual(once);
  });

  it("a pending update applies only to the daemon's own flow", () => {
    const d = desired(P, [declared]);
    expect(withImageOverrides(d, { app: { pending: record } }, "applied").services[0]?.image).toBe(
      declared.image,
    );
    expect(withImageOverrides(d, { app: { pending: record } }, "applied-or-pending").services[0]?.image).toBe(
      record.image,
    );
  });

  it("a manifest change to the service (or dropping autoUpdate) voids the record", () => {
    const changed = service("app", { ...declared, env: { A: "1" } });
    changed.specHash = computeSpecHash({ ...changed });
    expect(
      withImageOverrides(desired(P, [changed]), { app: { applied: record } }, "applied").services[0]?.image,
    ).toBe(declared.image);
    // With the spec hash function (what every flow passes), the resolved image follows the change.
    const followed = withImageOverrides(
      desired(P, [changed]),
      { app: { applied: record } },
      "applied",
      computeSpecHash,
    );
    expect(followed.services[0]?.image).toBe(record.image);
    expect(followed.services[0]?.env).toEqual({ A: "1" });
    expect(followed.services[0]?.specHash).not.toBe(record.spec.specHash);
    const { autoUpdate: _a, ...plain } = declared;
    expect(
      withImageOverrides(desired(P, [plain]), { app: { applied: record } }, "applied").services[0]?.image,
    ).toBe(declared.image);
  });

  it("the plan says it is an auto-update, from what runs to what it resolved to", () => {
    const c = ownedContainer(P, declared, 1, { id: "c1".padEnd(64, "0") });
    const d = withImageOverrides(desired(P, [declared]), { app: { pending: record } }, "applied-or-pending");
    const plan = planConvergence({
      desired: d,
      observed: observed(P, [c]),
      ownership: ownership([c]),
      secretDigests: {},
      history: [declared, ...overrideSpecs({ app: { pending: record } })],
      imageUpdates: imageUpdateReasons(d, { app: { pending: record } }),
    });
    const text = renderPlanText(plan);
    expect(text).toContain(
      "auto-update (minor): 127.0.0.1:5000/app:1.0.0 → 127.0.0.1:5000/app:1.1.0 (sha256:dddddddddddd)",
    );
    expect(plan.services[0]?.action).toBe("recreate");
  });
});
