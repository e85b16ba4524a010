import { describe, expect, it } from "vitest";
import {
  desired,
  observed,
  ownedContainer,
  ownership,
  service,
} from "../../test/support/desired-fixtures.js";
import { HwError, hasCode, RuntimeErrorCode } from "../core/index.js";
import { planConvergence, renderPlanText } from "../reconcile/index.js";
import { type ImageRef, type RegistryClient, RegistryErrorCode } from "../registry/index.js";
import { resolveImages } from "./resolve-images.js";

const P = "shop";
const REF = "127.0.0.1:5000/team/app:stable";
const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;

/** A registry that serves `digests` and records what it was asked. */
function registry(digests: Record<string, string | HwError>): RegistryClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async manifestDigest(ref: ImageRef) {
      const key = `${ref.registry}/${ref.repository}:${ref.tag}`;
      asked.push(key);
      const d = digests[key];
      if (d === undefined) throw new HwError(RegistryErrorCode.notFound, `no ${key}`);
      if (d instanceof HwError) throw d;
      return d;
    },
    async listTags() {
      return [];
    },
  };
}

const local = {
  images: { [REF]: "sha256:1111" },
  imageRepoDigests: { "sha256:1111": [`127.0.0.1:5000/team/app@${A}`] },
};

describe("resolveImages", () => {
  it("pullPolicy always: a moved tag becomes a tagMove the planner turns into pull + replace", async () => {
    const app = service("app", { image: REF, pullPolicy: "always" });
    const d = desired(P, [app]);
    const c = ownedContainer(P, app, 1, { imageDigest: A });
    const o = observed(P, [c], local);
    const reg = registry({ [REF]: B });
    const tagMoves = await resolveImages(d, o, {}, { preflightMissing: true, registry: reg });
    expect(tagMoves).toEqual({ [REF]: { from: A, to: B } });
    const plan = planConvergence({
      desired: d,
      observed: o,
      ownership: ownership([c]),
      secretDigests: {},
      tagMoves,
    });
    const text = renderPlanText(plan);
    expect(text).toContain(
      `ensure-image ${REF}: image tag moved: sha256:aaaaaaaaaaaa… → sha256:bbbbbbbbbbbb…`,
    );
    expect(plan.ops.find((op) => op.kind === "ensure-image")).toMatchObject({ pull: "always" });
    expect(plan.ops.some((op) => op.kind === "create")).toBe(true);
  });

  it("pullPolicy always with the tag where it was: no move, no ops", async () => {
    const app = service("app", { image: REF, pullPolicy: "always" });
    const c = ownedContainer(P, app, 1, { imageDigest: A });
    const o = observed(P, [c], local);
    const tagMoves = await resolveImages(
      desired(P, [app]),
      o,
      {},
      { preflightMissing: true, registry: registry({ [REF]: A }) },
    );
    expect(tagMoves).toEqual({});
    expect(
      planConvergence({
        desired: desired(P, [app]),
        observed: o,
        ownership: ownership([c]),
        secretDigests: {},
        tagMoves,
      }).ops,
    ).toEqual([]);
  });

  it("pullPolicy missing with the image present never asks the registry", async () => {
    const reg = registry({});
    const app = service("app", { image: REF });
    await resolveImages(
      desired(P, [app]),
      observed(P, [], local),
      {},
      { preflightMissing: true, registry: reg },
    );
    expect(reg.asked).toEqual([]);
  });

  it("a missing image's unauthorized fails before planning; unreachable is left to the engine's pull", async () => {
    const app = service("app", { image: REF });
    const denied = registry({ [REF]: new HwError(RegistryErrorCode.unauthorized, "denied") });
    const err = await resolveImages(
      desired(P, [app]),
      observed(P, []),
      {},
      { preflightMissing: true, registry: denied },
    ).catch((e: unknown) => e);
    expect(hasCode(err, RegistryErrorCode.unauthorized)).toBe(true);
    const down = registry({ [REF]: new HwError(RegistryErrorCode.unreachable, "down") });
    await expect(
      resolveImages(desired(P, [app]), observed(P, []), {}, { preflightMissing: true, registry: down }),
    ).resolves.toEqual({});
    // Runtimes without registryPreflight: no registry call at all for a missing image.
    const reg = registry({});
    await resolveImages(desired(P, [app]), observed(P, []), {}, { preflightMissing: false, registry: reg });
    expect(reg.asked).toEqual([]);
  });

  it("pullPolicy never refuses an absent image, and always fails on an unreachable registry", async () => {
    const never = service("app", { image: REF, pullPolicy: "never" });
    const err = await resolveImages(
      desired(P, [never]),
      observed(P, []),
      {},
      { preflightMissing: true, registry: registry({}) },
    ).catch((e: unknown) => e);
    expect(hasCode(err, RuntimeErrorCode.imageMissing)).toBe(true);
    const always = service("app", { image: REF, pullPolicy: "always" });
    const down = registry({ [REF]: new HwError(RegistryErrorCode.unreachable, "down") });
    const err2 = await resolveImages(
      desired(P, [always]),
      observed(P, [], local),
      {},
      { preflightMissing: false, registry: down },
    ).catch((e: unknown) => e);
    expect(hasCode(err2, RegistryErrorCode.unreachable)).toBe(true);
  });
});

describe("resolveImages on a runtime without image digests", () => {
  it("refuses pullPolicy always rather than recreate on every pass", async () => {
    const always = service("app", { image: REF, pullPolicy: "always" });
    const o = observed(P, [], { images: { [REF]: "sha256:1111" } });
    const err = await resolveImages(
      desired(P, [always]),
      o,
      {},
      { preflightMissing: false, registry: registry({ [REF]: A }) },
    ).catch((e: unknown) => e);
    expect(hasCode(err, RuntimeErrorCode.unsupported)).toBe(true);
  });
});
