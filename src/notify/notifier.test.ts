import { describe, expect, it } from "vitest";
import { desired, observed, ownedContainer, service } from "../../test/support/desired-fixtures.js";
import { FakeClock, flush } from "../../test/support/fake-clock.js";
import type { HwEvent, NotifyTarget } from "../core/index.js";
import type { Post, PostResult } from "./delivery.js";
import { Notifier } from "./notifier.js";
import { serviceSnapshots } from "./service-snapshots.js";
import type { ServiceCondition } from "./transitions.js";

const HOOK = "http://127.0.0.1:9911/hooks/T0/B0/SECRETPATH?token=SECRETQUERY";
const target = (over: Partial<NotifyTarget> = {}): NotifyTarget => ({
  url: { literal: HOOK },
  format: "json",
  on: ["blocked", "degraded", "recovered", "rollback", "unstable", "update"],
  minSeverity: "info",
  dedupWindowMs: 300_000,
  timeoutMs: 5000,
  ...over,
});

function harness(targets: NotifyTarget[], post?: Post) {
  const clock = new FakeClock();
  const bodies: { url: string; body: string }[] = [];
  const events: HwEvent[] = [];
  const notifier = new Notifier({
    host: "box",
    now: () => clock.now,
    post:
      post ??
      (async (url, req): Promise<PostResult> => {
        bodies.push({ url, body: req.body });
        return { ok: true, status: 200 };
      }),
    delay: clock.sleep,
    resolveUrl: async (u) => ("literal" in u ? u.literal : "http://unused"),
    emit: (e) => events.push(e),
  });
  notifier.configure("shop", targets);
  const states = (s: ServiceCondition) =>
    notifier.observeServices("shop", [{ service: "web", condition: s, version: "v1" }]);
  const sent = () => bodies.map((b) => JSON.parse(b.body).transition as string);
  return { clock, notifier, bodies, events, states, sent };
}

describe("Notifier", () => {
  it("sends the same transition of the same service at most once per dedup window", async () => {
    const h = harness([target({ dedupWindowMs: 60_000 })]);
    h.states("nominal");
    h.states("degraded");
    h.states("nominal");
    h.clock.now = 30_000;
    h.states("degraded");
    h.states("nominal");
    await h.notifier.idle();
    expect(h.sent()).toEqual(["degraded", "recovered"]);
    h.clock.now = 61_000;
    h.states("degraded");
    h.states("nominal");
    await h.notifier.idle();
    expect(h.sent()).toEqual(["degraded", "recovered", "degraded", "recovered"]);
  });

  it("keeps an unchanged receiver's dedup window when another receiver is added", async () => {
    const h = harness([target()]);
    h.states("nominal");
    h.states("degraded");
    h.notifier.configure("shop", [target(), target({ url: { literal: "http://other.example/x" } })]);
    h.states("nominal");
    h.states("degraded");
    await h.notifier.idle();
    const toHook = h.bodies.filter((b) => b.url === HOOK).map((b) => JSON.parse(b.body).transition);
    expect(toHook).toEqual(["degraded", "recovered"]);
    const toOther = h.bodies.filter((b) => b.url !== HOOK).map((b) => JSON.parse(b.body).transition);
    expect(toOther).toEqual(["recovered", "degraded"]);
  });

  it("filters by `on` and by minSeverity per receiver", async () => {
    const bodies: Record<string, string[]> = { a: [], b: [] };
    const h = harness(
      [
        target({ url: { literal: "http://a.example/x" }, on: ["recovered", "unstable"] }),
        target({ url: { literal: "http://b.example/x" }, minSeverity: "critical" }),
      ],
      async (url, req) => {
        bodies[new URL(url).hostname[0]!]?.push(JSON.parse(req.body).transition);
        return { ok: true, status: 200 };
      },
    );
    h.states("nominal");
    h.states("degraded");
    h.states("unstable");
    h.states("nominal");
    h.notifier.observeEvent({
      type: "rolled_back",
      severity: "warning",
      project: "shop",
      service: "web",
      message: "m",
      timestamp: "t",
      correlationId: "c",
    });
    await h.notifier.idle();
    expect(bodies.a).toEqual(["unstable", "recovered"]);
    expect(bodies.b).toEqual(["unstable"]);
  });

  it("a hanging receiver holds only its own queue; the other one is notified", async () => {
    const got: string[] = [];
    const h = harness(
      [
        target({ url: { literal: "http://hang.example/x" } }),
        target({ url: { literal: "http://ok.example/x" } }),
      ],
      (url, req) => {
        if (url.includes("hang")) return new Promise(() => {});
        got.push(JSON.parse(req.body).transition);
        return Promise.resolve({ ok: true, status: 200 });
      },
    );
    h.states("nominal");
    h.states("degraded");
    h.states("nominal");
    await flush();
    expect(got).toEqual(["degraded", "recovered"]);
    h.notifier.stop();
  });

  it("shows receivers by scheme://host only in attempt events, and puts no service values in payloads", async () => {
    const web = service("web", { env: { API_KEY: "ENVVALUE" } });
    const d = desired("shop", [web]);
    const h = harness([target()]);
    const c = ownedContainer("shop", web, 1);
    const states = (s: ServiceCondition) => new Map([["web", s]]);
    h.notifier.observeServices("shop", serviceSnapshots(d, observed("shop", [c]), states("nominal")));
    h.notifier.observeServices(
      "shop",
      serviceSnapshots(d, observed("shop", [{ ...c, state: "exited" }]), states("degraded")),
    );
    await h.notifier.idle();
    expect(h.bodies).toHaveLength(1);
    expect(h.bodies[0]?.url).toBe(HOOK);
    expect(JSON.parse(h.bodies[0]!.body)).toMatchObject({
      project: "shop",
      service: "web",
      transition: "degraded",
      host: "box",
    });
    const everything = JSON.stringify([h.events, h.bodies.map((b) => b.body)]);
    expect(everything).not.toMatch(/SECRETPATH|SECRETQUERY|ENVVALUE/);
    expect(h.events).toMatchObject([
      {
        type: "notify_sent",
        service: "web",
        data: { target: "http://127.0.0.1:9911", transition: "degraded", attempt: 1 },
      },
    ]);
  });

  it("names a secret-reference receiver by its reference", async () => {
    const h = harness([
      target({ url: { secret: { ref: "env://HOOK_URL", scheme: "env", target: "HOOK_URL" } } }),
    ]);
    h.states("nominal");
    h.states("unstable");
    await h.notifier.idle();
    expect(h.events[0]?.data?.target).toBe("env://HOOK_URL");
  });
});
