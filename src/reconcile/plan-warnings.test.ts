import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../manifest/index.js";
import { planWarnings, renderPlanWarning } from "./plan-warnings.js";

describe("planWarnings", () => {
  it("names each port published on all interfaces, and no other", () => {
    const r = parseManifest(
      [
        "version: 2",
        "project: demo",
        "services:",
        "  web:",
        "    image: busybox:1",
        "    ports: [{container: 80, host: 8080, hostIP: 0.0.0.0}, {container: 81, host: 8081}]",
        "",
      ].join("\n"),
      { file: path.resolve("hostwright.yaml"), env: {} },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const w = planWarnings(r.desired);
    expect(w).toEqual([{ kind: "all-interfaces", service: "web", port: "0.0.0.0:8080->80/tcp" }]);
    expect(renderPlanWarning(w[0] as never)).toBe(
      "warning: web publishes 0.0.0.0:8080->80/tcp on all interfaces; give a host IP (127.0.0.1:...) to keep it local",
    );
  });
});
