/**
 * The CLI contract of the foundation issue, through the real entry point: validate exit codes
 * (0 valid, 65 invalid with every problem at its position, 64 usage), warnings on stderr,
 * --version, help, schema, and no stack trace when a reader closes stdout early.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { Workspace } from "./cli.js";
import { CLI_NODE_ARGS } from "./tsx-entry.js";

const REPO = resolve(import.meta.dirname, "../..");

describe("hostwright CLI basics", () => {
  const ws = new Workspace("cli");

  it("validate: 0 for a valid manifest, warnings on stderr", async () => {
    ws.write(
      'project: api-local\nservices:\n  api:\n    image: ghcr.io/example/api:latest\n    ports:\n      - "8080:8080"\n',
    );
    const r = await ws.hw(["validate"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("valid. Project api-local");
    expect(r.stderr).toMatch(/hostwright\.yaml:1:1: warning: .*version/);
  });

  it("validate: 65 and every problem with its line and column", async () => {
    ws.write(
      "version: 2\nproject: Bad_Name\nservices:\n  api:\n    image: busybox\n    depends_on: [db]\n    replicas: many\n",
    );
    const r = await ws.hw(["validate"]);
    expect(r.code).toBe(65);
    const lines = r.stderr.split("\n").filter((l) => l.includes(": error: "));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(r.stderr).toMatch(/hostwright\.yaml:2:10: error: project:/);
    expect(r.stderr).toMatch(
      /hostwright\.yaml:6:5: error: services\.api\.depends_on: .*\n\s+hint: .*dependsOn/,
    );
    expect(r.stderr).toMatch(/hostwright\.yaml:7:15: error: services\.api\.replicas:/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });

  it("usage errors exit 64; --version and help work", async () => {
    expect((await ws.hw(["validate", "--no-such-flag"])).code).toBe(64);
    expect((await ws.hw(["frobnicate"])).code).toBe(64);
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string };
    const v = await ws.hw(["--version"]);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
    const h = await ws.hw(["help"]);
    expect(h.code).toBe(0);
    for (const cmd of ["validate", "plan", "apply", "down", "status", "daemon", "state"])
      expect(h.stdout).toContain(cmd);
  });

  it("schema prints a JSON Schema", async () => {
    const r = await ws.hw(["schema"]);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as { $schema: string; properties: Record<string, unknown> };
    expect(schema.$schema).toContain("json-schema.org");
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["version", "project", "services", "reconcile"]),
    );
  });

  it("a reader closing stdout early is not an error (no EPIPE stack trace)", async () => {
    const child = spawn("node", [...CLI_NODE_ARGS, "schema"], { cwd: ws.dir });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    // Closed before the CLI has written anything, so its first write meets a broken pipe.
    child.stdout.destroy();
    const code = await new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
  });
});
