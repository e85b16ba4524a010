/**
 * Compose input through the real CLI and engine: a compose.yaml found by discovery converges
 * (healthcheck-gated and completed-successfully dependencies, env_file, .env interpolation), a
 * re-apply plans nothing, `import` writes a native manifest that plans no change, `down -v` cleans up.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Workspace } from "./cli.js";

const COMPOSE = `name: hw-compose-e2e
services:
  web:
    image: hostwright.local/busybox:1
    command: httpd -f -p 8080 -h /
    init: true
    env_file: web.env
    environment:
      GREETING: \${GREETING:-hello}
    ports: ["127.0.0.1::8080"]
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/bin/sh || exit 1"]
      interval: 1s
      retries: 20
    depends_on:
      migrate:
        condition: service_completed_successfully
    stop_grace_period: 1s
  migrate:
    image: hostwright.local/busybox:1
    command: ["true"]
    restart: "no"
  edge:
    image: hostwright.local/busybox:1
    command: ["sleep", "600"]
    init: true
    stop_grace_period: 1s
    depends_on:
      web:
        condition: service_healthy
`;

describe("compose.yaml through the CLI", () => {
  const ws = new Workspace("compose");
  writeFileSync(join(ws.dir, "compose.yaml"), COMPOSE);
  writeFileSync(join(ws.dir, "web.env"), 'MODE="from file"\n');
  writeFileSync(join(ws.dir, ".env"), "GREETING=hi\n");

  afterAll(async () => {
    await ws.hw(["down", "-v", "-f", join(ws.dir, "compose.yaml")]);
  });

  it("converges, re-applies as a no-op, and its import plans no change", async () => {
    const up = await ws.hw(["up", "-d"]);
    expect(up.code, up.stderr).toBe(0);
    const ps = await ws.json<unknown>(["status"]);
    expect(JSON.stringify(ps)).toContain("hw-compose-e2e");

    const again = await ws.hw(["plan", "--detailed-exitcode"]);
    expect(again.code, again.stdout + again.stderr).toBe(0);

    const config = await ws.json<{ services: { name: string; env: Record<string, string> }[] }>(["config"]);
    expect(config.services.find((s) => s.name === "web")?.env).toEqual({ MODE: "from file", GREETING: "hi" });

    const imported = await ws.hw(["import", "-o", "hostwright.yaml"]);
    expect(imported.code, imported.stderr).toBe(0);
    const native = await ws.hw(["plan", "--detailed-exitcode", "-f", "hostwright.yaml"]);
    expect(native.code, native.stdout + native.stderr).toBe(0);
  }, 100_000);

  it("merges repeated -f in order and takes --project-name over name:", async () => {
    writeFileSync(join(ws.dir, "extra.yaml"), "services:\n  web:\n    environment: {EXTRA: '1'}\n");
    const r = await ws.json<{ project: string; services: { name: string; env: Record<string, string> }[] }>([
      "--project-name",
      "Other.Name",
      "config",
      "-f",
      "compose.yaml",
      "-f",
      "extra.yaml",
    ]);
    expect(r.project).toBe("othername");
    expect(r.services.find((s) => s.name === "web")?.env).toEqual({
      MODE: "from file",
      GREETING: "hi",
      EXTRA: "1",
    });
  });
});
