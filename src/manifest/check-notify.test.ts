import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCompose } from "../compose/index.js";
import { NOTIFY_KEYS } from "./check-notify.js";
import { manifestJsonSchema, parseManifest } from "./index.js";

const SECRET_PATH = "/services/T000/B000/XXXXSECRETTOKENXXXXXXXXXX";
const manifest = (notify: string) =>
  `version: 2\nproject: shop\nservices:\n  web:\n    image: nginx:1\nreconcile:\n  notify:\n${notify}`;
const parse = (text: string) => parseManifest(text, { file: "/srv/hostwright.yaml", env: {} });

describe("reconcile.notify", () => {
  it("reads receivers with defaults, sorted transitions, literal and secret URLs", () => {
    const r = parse(
      manifest(`    - url: https://hooks.example.com${SECRET_PATH}
      format: slack
      on: [recovered, degraded, degraded]
      minSeverity: warning
      dedupWindow: 1m
    - url: {secret: env://NTFY_URL}
      format: ntfy
`),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    // The literal one carries a token: a warning at the value (which it does not repeat).
    expect(r.diagnostics.map((d) => `${d.severity} ${d.line}:${d.col} ${d.path} ${d.code}`)).toEqual([
      "warning 8:12 reconcile.notify[0].url HW-MANIFEST-071",
    ]);
    expect(r.diagnostics[0]?.message).not.toContain("SECRETTOKEN");
    expect(r.desired.reconcile.notify).toEqual([
      {
        url: { literal: `https://hooks.example.com${SECRET_PATH}` },
        format: "slack",
        on: ["degraded", "recovered"],
        minSeverity: "warning",
        dedupWindowMs: 60_000,
        timeoutMs: 5_000,
      },
      {
        url: { secret: { ref: "env://NTFY_URL", scheme: "env", target: "NTFY_URL" } },
        format: "ntfy",
        on: ["blocked", "degraded", "failback", "failover", "recovered", "rollback", "unstable", "update"],
        minSeverity: "info",
        dedupWindowMs: 300_000,
        timeoutMs: 5_000,
      },
    ]);
  });

  it("leaves notify out of the desired state (and every spec hash) when absent", () => {
    const plain = parse("version: 2\nproject: shop\nservices:\n  web:\n    image: nginx:1\n");
    const withNotify = parse(manifest("    - url: http://127.0.0.1:9/hook\n"));
    if (!plain.ok || !withNotify.ok) throw new Error("expected valid manifests");
    expect("notify" in plain.desired.reconcile).toBe(false);
    expect(withNotify.desired.services[0]?.specHash).toBe(plain.desired.services[0]?.specHash);
  });

  it("refuses a non-http URL, an unknown format or transition, and a keychain reference, at the value, without echoing the URL", () => {
    const r = parse(
      manifest(`    - url: ftp://files.example.com${SECRET_PATH}
    - url: http://127.0.0.1:9/h
      format: teams
      on: [exploded]
    - url: {secret: keychain://svc/acct}
    - format: json
    - url: {secret: "https://hooks.slack.com${SECRET_PATH}"}
`),
    );
    expect(r.ok).toBe(false);
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => `${d.line}:${d.col} ${d.path} ${d.code}`)).toEqual([
      "8:12 reconcile.notify[0].url HW-MANIFEST-015",
      "10:15 reconcile.notify[1].format HW-MANIFEST-015",
      "11:12 reconcile.notify[1].on[0] HW-MANIFEST-015",
      "12:21 reconcile.notify[2].url.secret HW-MANIFEST-072",
      "13:7 reconcile.notify[3] HW-MANIFEST-013",
      "14:21 reconcile.notify[4].url.secret HW-MANIFEST-072",
    ]);
    expect(errors[5]?.message).toBe("invalid notify URL reference (scheme https://)");
    for (const d of r.diagnostics) expect(`${d.message} ${d.hint ?? ""}`).not.toContain("SECRETTOKEN");
  });

  it("comes from a Compose file's top-level x-hostwright.reconcile", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hw-notify-"));
    const file = path.join(dir, "compose.yaml");
    writeFileSync(
      file,
      "name: shop\nservices:\n  web:\n    image: nginx:1\nx-hostwright:\n  reconcile:\n    notify:\n      - url: http://127.0.0.1:9/hook\n        on: [degraded]\n",
    );
    const r = loadCompose([file], { env: {} });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.desired.reconcile.notify?.[0]).toMatchObject({
      url: { literal: "http://127.0.0.1:9/hook" },
      on: ["degraded"],
    });
    writeFileSync(file, "name: shop\nservices:\n  web:\n    image: nginx:1\nx-hostwright:\n  notify: []\n");
    const bad = loadCompose([file], { env: {} });
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.map((d) => d.path)).toContain("x-hostwright.notify");
  });

  it("does not warn about a plain receiver URL or one that came from a variable", () => {
    const plain = parse(manifest("    - url: http://127.0.0.1:9000/hooks/hostwright\n"));
    expect(plain.diagnostics).toEqual([]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the manifest says ${HOOK} literally
    const fromEnv = parseManifest(manifest("    - url: ${HOOK}\n"), {
      file: "/srv/hostwright.yaml",
      env: { HOOK: `https://hooks.slack.com${SECRET_PATH}` },
    });
    expect(fromEnv.diagnostics).toEqual([]);
  });

  it("keeps the JSON Schema's notify keys in step with the checker", () => {
    const reconcile = (
      manifestJsonSchema().$defs as Record<
        string,
        { properties: Record<string, { items: { properties: object } }> }
      >
    ).reconcile;
    expect(Object.keys(reconcile?.properties.notify?.items.properties ?? {}).sort()).toEqual(
      [...NOTIFY_KEYS].sort(),
    );
  });
});
