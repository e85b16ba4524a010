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
const build = (files: Record<string, string>): ServiceSpec["build"] => ({
  context: "/srv/shop/web",
  dockerfile: "Dockerfile",
  args: {},
  labels: {},
  contextFiles: files,
});

describe("builds in the plan", () => {
  it("a fresh built service: its build comes first and every other op waits for it", () => {
    const web = service("web", { image: "shop-web:hw-aaaaaaaaaaaa", build: build({ Dockerfile: "1" }) });
    const cache = service("cache");
    const d = desired(P, [cache, web]);
    const o = observed(P, [], { networks: [] });
    const plan = planConvergence({ desired: d, observed: o, ownership: ownership([]), secretDigests: {} });
    const first = plan.ops[0];
    expect(first).toMatchObject({
      kind: "ensure-image",
      reason: { kind: "build", service: "web", changes: [] },
    });
    for (const op of plan.ops.slice(1)) expect(op.dependsOn).toContain(first?.id);
    expect(renderPlanText(plan)).toContain("build web: not built yet");
  });

  it("a changed context file: the build op says which file, only that service is recreated", () => {
    const before = service("web", {
      image: "shop-web:hw-aaaaaaaaaaaa",
      build: build({ Dockerfile: "1", "server.sh": "1" }),
    });
    const after = service("web", {
      image: "shop-web:hw-bbbbbbbbbbbb",
      build: build({ Dockerfile: "1", "server.sh": "2" }),
    });
    const cache = service("cache");
    const running = [ownedContainer(P, before, 1), ownedContainer(P, cache, 1)];
    const o = observed(P, running, {
      images: { "hostwright.local/busybox:1": "sha256:1111", "shop-web:hw-aaaaaaaaaaaa": "sha256:2" },
    });
    const plan = planConvergence({
      desired: desired(P, [cache, after]),
      observed: o,
      ownership: ownership(running),
      secretDigests: {},
      history: [before, cache],
    });
    expect(plan.ops[0]?.reason).toEqual({
      kind: "build",
      service: "web",
      changes: ["build context changed: server.sh"],
    });
    expect(renderPlanText(plan)).toContain("build web: build context changed: server.sh");
    expect(plan.services.find((s) => s.service === "cache")?.action).toBe("unchanged");
  });
});
