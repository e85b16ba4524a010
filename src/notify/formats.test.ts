import { describe, expect, it } from "vitest";
import { renderRequest } from "./formats.js";
import { type Notification, stampNotification } from "./notification.js";
import { redactUrl } from "./redact-url.js";

const n: Notification = stampNotification(
  "shop",
  {
    service: "web",
    transition: "degraded",
    reason: "state-degraded",
    message: "web is degraded (was nominal)",
    from: "nominal",
    to: "degraded",
  },
  { time: "2026-12-02T10:00:00.000Z", host: "box" },
);

describe("notification formats", () => {
  it("json is the documented schema, field for field", () => {
    const r = renderRequest("json", n);
    expect(r.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(r.body)).toEqual({
      schema: "hostwright.notification/v1",
      project: "shop",
      service: "web",
      transition: "degraded",
      severity: "warning",
      reason: "state-degraded",
      message: "web is degraded (was nominal)",
      time: "2026-12-02T10:00:00.000Z",
      host: "box",
      from: "nominal",
      to: "degraded",
    });
  });

  it("slack sends {text}, discord {content}", () => {
    expect(JSON.parse(renderRequest("slack", n).body)).toEqual({
      text: "[hostwright] shop/web: web is degraded (was nominal)",
    });
    expect(JSON.parse(renderRequest("discord", n).body)).toEqual({
      content: "[hostwright] shop/web: web is degraded (was nominal)",
    });
  });

  it("ntfy sends a plain body with Title, Priority and Tags headers", () => {
    const r = renderRequest("ntfy", n);
    expect(r.body).toBe("web is degraded (was nominal) (state-degraded, box, 2026-12-02T10:00:00.000Z)");
    expect(r.headers).toMatchObject({
      Title: "hostwright: shop/web degraded",
      Priority: "high",
      Tags: "warning,hostwright,degraded",
    });
    const critical = renderRequest("ntfy", { ...n, transition: "unstable", severity: "critical" });
    expect(critical.headers.Priority).toBe("urgent");
  });
});

describe("redactUrl", () => {
  it("keeps scheme and host[:port], drops user info, path, query and fragment", () => {
    expect(redactUrl("https://hooks.slack.com/services/T0/B0/TOKEN")).toBe("https://hooks.slack.com");
    expect(redactUrl("http://user:pw@127.0.0.1:8080/hook?token=abc#x")).toBe("http://127.0.0.1:8080");
    expect(redactUrl("not a url TOKEN")).toBe("(invalid url)");
  });
});
