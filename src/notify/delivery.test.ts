import { describe, expect, it } from "vitest";
import { FakeClock, flush } from "../../test/support/fake-clock.js";
import { type AttemptReport, DeliveryQueue, type Post, type PostResult } from "./delivery.js";
import { type Notification, stampNotification } from "./notification.js";

const note = (service: string): Notification =>
  stampNotification(
    "shop",
    { service, transition: "degraded", reason: "state-degraded", message: `${service} is degraded` },
    { time: "2026-12-02T10:00:00.000Z", host: "box" },
  );
const request = { body: "{}", headers: {} };

function queue(post: Post, clock: FakeClock, extra: { maxQueue?: number } = {}) {
  const reports: AttemptReport[] = [];
  const q = new DeliveryQueue({
    target: "http://127.0.0.1:9",
    resolveUrl: async () => "http://127.0.0.1:9/hook?token=SECRET",
    timeoutMs: 5000,
    post,
    delay: clock.sleep,
    report: (r) => reports.push(r),
    ...extra,
  });
  const brief = () =>
    reports.map(
      (r) =>
        `${r.notification.service} ${r.outcome} ${r.attempt}/${r.attempts} ${r.code ?? r.status}${r.retryInMs ? ` +${r.retryInMs}` : ""}`,
    );
  return { q, reports, brief };
}

describe("DeliveryQueue", () => {
  it("retries a retryable failure with doubling back-off, and waits for the clock between attempts", async () => {
    const clock = new FakeClock();
    const results: PostResult[] = [
      { ok: false, code: "http-503", status: 503, retryable: true },
      { ok: false, code: "timeout", retryable: true },
      { ok: true, status: 204 },
    ];
    let calls = 0;
    const { q, brief, reports } = queue(async () => results[calls++]!, clock);
    q.enqueue(note("web"), request);
    await flush();
    expect(calls).toBe(1);
    await clock.advance(999);
    expect(calls).toBe(1);
    await clock.advance(1);
    expect(calls).toBe(2);
    await clock.advance(1999);
    expect(calls).toBe(2);
    await clock.advance(1);
    await q.idle();
    expect(clock.requested).toEqual([1000, 2000]);
    expect(brief()).toEqual([
      "web failed 1/3 http-503 +1000",
      "web failed 2/3 timeout +2000",
      "web sent 3/3 204",
    ]);
    // The queue resolved http://127.0.0.1:9/hook?token=SECRET for every attempt; reports name the target only.
    expect(JSON.stringify(reports)).not.toMatch(/SECRET|hook/);
  });

  it("gives up after the last attempt, and at once on a non-retryable answer", async () => {
    const clock = new FakeClock();
    const { q, brief } = queue(
      async () => ({ ok: false, code: "http-404", status: 404, retryable: false }),
      clock,
    );
    q.enqueue(note("web"), request);
    await q.idle();
    expect(brief()).toEqual(["web failed 1/3 http-404"]);
    const always = queue(async () => ({ ok: false, code: "econnrefused", retryable: true }), clock);
    always.q.enqueue(note("db"), request);
    await flush();
    await clock.advance(1000);
    await clock.advance(2000);
    await always.q.idle();
    expect(always.brief()).toEqual([
      "db failed 1/3 econnrefused +1000",
      "db failed 2/3 econnrefused +2000",
      "db failed 3/3 econnrefused",
    ]);
  });

  it("enqueue returns at once while a receiver hangs, and a full queue drops the oldest pending", async () => {
    const clock = new FakeClock();
    let release: (r: PostResult) => void = () => {};
    const seen: string[] = [];
    const { q, brief } = queue(
      (_url, req) => {
        seen.push(req.body);
        return new Promise((r) => {
          release = r;
        });
      },
      clock,
      { maxQueue: 2 },
    );
    for (const s of ["a", "b", "c", "d"]) q.enqueue(note(s), { body: s, headers: {} });
    await flush();
    expect(seen).toEqual(["a"]);
    expect(q.size).toBe(2);
    expect(brief()).toEqual(["b dropped 0/3 queue-full"]);
    release({ ok: true, status: 200 });
    await flush();
    release({ ok: true, status: 200 });
    await flush();
    release({ ok: true, status: 200 });
    await q.idle();
    expect(seen).toEqual(["a", "c", "d"]);
  });

  it("fails an attempt whose secret URL cannot be resolved, and never reports the URL", async () => {
    const clock = new FakeClock();
    const reports: AttemptReport[] = [];
    const q = new DeliveryQueue({
      target: "env://HOOK",
      resolveUrl: async () => {
        throw new Error("HOOK is not set");
      },
      timeoutMs: 5000,
      post: async () => ({ ok: true, status: 200 }),
      delay: clock.sleep,
      report: (r) => reports.push(r),
      attempts: 1,
    });
    q.enqueue(note("web"), request);
    await q.idle();
    expect(reports).toMatchObject([{ outcome: "failed", code: "url-unresolved", target: "env://HOOK" }]);
  });
});
