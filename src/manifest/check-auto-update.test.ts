import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCompose } from "../compose/index.js";
import { parseManifest } from "./index.js";

/** `image:` is line 5; `autoUpdate:` is line 6 and its lines start at line 7, col 7. */
const manifest = (image: string, ...lines: string[]): string =>
  `${[
    "version: 2",
    "project: demo",
    "services:",
    "  api:",
    `    image: ${image}`,
    "    autoUpdate:",
    ...lines.map((l) => `      ${l}`),
  ].join("\n")}\n`;

const parse = (source: string) => parseManifest(source, { file: "/srv/demo/hostwright.yaml", env: {} });

describe("autoUpdate", () => {
  it("reads policy, interval (default 5m) and schedule", () => {
    const a = parse(manifest("app:1.0.0", "policy: minor"));
    const b = parse(manifest("app:1.0.0", "policy: digest", "interval: 2s", "schedule: '0 3 * * *'"));
    if (!a.ok || !b.ok) throw new Error(JSON.stringify([a.diagnostics, b.diagnostics]));
    expect(a.desired.services[0]?.autoUpdate).toEqual({ policy: "minor", intervalMs: 300_000 });
    expect(b.desired.services[0]?.autoUpdate).toEqual({
      policy: "digest",
      intervalMs: 2000,
      schedule: "0 3 * * *",
    });
  });

  it("is not part of the spec hash (it does not change what runs)", () => {
    const without = parseManifest("version: 2\nproject: demo\nservices:\n  api:\n    image: app:1.0.0\n", {
      file: "/srv/demo/hostwright.yaml",
      env: {},
    });
    const withIt = parse(manifest("app:1.0.0", "policy: patch"));
    if (!without.ok || !withIt.ok) throw new Error("expected ok");
    expect(withIt.desired.services[0]?.specHash).toBe(without.desired.services[0]?.specHash);
    expect(withIt.desired.hash).not.toBe(without.desired.hash);
  });

  const cases: {
    name: string;
    image: string;
    lines: string[];
    line: number;
    col: number;
    path: string;
    message: RegExp;
  }[] = [
    {
      name: "a missing policy",
      image: "app:1",
      lines: ["interval: 5m"],
      line: 7,
      col: 7,
      path: "services.api.autoUpdate",
      message: /policy/,
    },
    {
      name: "an unknown policy",
      image: "app:1",
      lines: ["policy: latest"],
      line: 7,
      col: 15,
      path: "services.api.autoUpdate.policy",
      message: /latest/,
    },
    {
      name: "an unknown key",
      image: "app:1",
      lines: ["policy: digest", "every: 5m"],
      line: 8,
      col: 7,
      path: "services.api.autoUpdate.every",
      message: /every/,
    },
    {
      name: "a bad interval",
      image: "app:1",
      lines: ["policy: digest", "interval: 5"],
      line: 8,
      col: 17,
      path: "services.api.autoUpdate.interval",
      message: /duration/,
    },
    {
      name: "a sub-second interval",
      image: "app:1",
      lines: ["policy: digest", "interval: 500ms"],
      line: 8,
      col: 17,
      path: "services.api.autoUpdate.interval",
      message: /at least 1s/,
    },
    {
      name: "a bad schedule",
      image: "app:1",
      lines: ["policy: digest", "schedule: 'every day'"],
      line: 8,
      col: 17,
      path: "services.api.autoUpdate.schedule",
      message: /invalid cron/,
    },
    {
      name: "an image without a tag",
      image: "app",
      lines: ["policy: digest"],
      line: 7,
      col: 15,
      path: "services.api.autoUpdate.policy",
      message: /no tag/,
    },
    {
      name: "minor on a non-version tag",
      image: "app:latest",
      lines: ["policy: minor"],
      line: 7,
      col: 15,
      path: "services.api.autoUpdate.policy",
      message: /not a release version/,
    },
    {
      name: "patch on a two-part tag",
      image: "app:1.2",
      lines: ["policy: patch"],
      line: 7,
      col: 15,
      path: "services.api.autoUpdate.policy",
      message: /too few components/,
    },
    {
      name: "minor on a pre-release",
      image: "app:1.2.0-rc1",
      lines: ["policy: minor"],
      line: 7,
      col: 15,
      path: "services.api.autoUpdate.policy",
      message: /not a release version/,
    },
  ];
  for (const c of cases) {
    it(`refuses ${c.name} at its line:col`, () => {
      const r = parse(manifest(c.image, ...c.lines));
      expect(r.ok).toBe(false);
      const d = r.diagnostics.find((x) => x.severity === "error");
      expect(d).toMatchObject({ line: c.line, col: c.col, path: c.path });
      expect(d?.message).toMatch(c.message);
    });
  }

  it("accepts a tag with a digest (imagePolicy: require-digest) and a registry port", () => {
    const r = parse(manifest(`127.0.0.1:5000/app:v1.2.3@sha256:${"a".repeat(64)}`, "policy: major"));
    expect(r.diagnostics).toEqual([]);
  });
});

describe("autoUpdate in Compose (x-hostwright on a service)", () => {
  const compose = (body: string) => {
    const d = mkdtempSync(join(tmpdir(), "hw-au-compose-"));
    const file = join(d, "compose.yaml");
    writeFileSync(file, `services:\n  api:\n    image: app:1.0.0\n    x-hostwright:\n${body}`);
    return loadCompose([file], { env: {} });
  };

  it("sets the same Desired field as the native key", () => {
    const r = compose("      autoUpdate: {policy: minor, interval: 10m}\n");
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.desired.services[0]?.autoUpdate).toEqual({ policy: "minor", intervalMs: 600_000 });
  });

  it("refuses a wrong policy at its line:col", () => {
    const r = compose("      autoUpdate: {policy: newest}\n");
    expect(r.ok).toBe(false);
    expect(r.diagnostics.find((d) => d.severity === "error")).toMatchObject({
      line: 5,
      col: 28,
      path: "services.api.autoUpdate.policy",
    });
  });
});
