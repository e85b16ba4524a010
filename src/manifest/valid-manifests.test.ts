// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these tests write ${VAR} interpolation literally
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Desired, ServiceSpec } from "../core/index.js";
import { DiagnosticCode, type ManifestResult, parseManifest } from "./index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => readFileSync(path.join(here, "testdata", name), "utf8");
const yaml = (...lines: string[]): string => `${lines.join("\n")}\n`;

function parseOk(
  source: string,
  opts: { env?: Record<string, string>; dotenv?: Record<string, string>; file?: string } = {},
): { desired: Desired; result: ManifestResult } {
  const result = parseManifest(source, {
    file: opts.file ?? "/srv/app/hostwright.yaml",
    env: opts.env ?? {},
    ...(opts.dotenv && { dotenv: opts.dotenv }),
  });
  if (!result.ok)
    throw new Error(`expected a valid manifest:\n${JSON.stringify(result.diagnostics, null, 2)}`);
  return { desired: result.desired, result };
}

const service = (d: Desired, name: string): ServiceSpec => {
  const s = d.services.find((x) => x.name === name);
  if (s === undefined) throw new Error(`no service ${name}`);
  return s;
};

describe("valid manifests", () => {
  it("accepts the seed's smallest example with exactly one legacy warning", () => {
    const { desired, result } = parseOk(fixture("smallest.yaml"));
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      severity: "warning",
      code: DiagnosticCode.legacyVersion,
      line: 1,
      col: 1,
      path: "",
    });
    expect(desired.version).toBe("legacy");
    expect(desired.project).toBe("api-local");
    const api = service(desired, "api");
    expect(api.image).toBe("ghcr.io/example/api:latest");
    expect(api.ports).toEqual([{ hostIP: "127.0.0.1", host: 8080, container: 8080, protocol: "tcp" }]);
    expect(desired.instances.map((i) => [i.id, i.name])).toEqual([["api-local/api/1", "api-local-api-1"]]);
  });

  it("accepts a Swift-README-shaped manifest (legacy health becomes readiness and liveness)", () => {
    const { desired, result } = parseOk(fixture("swift-readme.yaml"));
    expect(result.diagnostics.map((d) => d.code)).toEqual([DiagnosticCode.legacyHealth]);
    const db = service(desired, "db");
    const expectedProbe = {
      action: { kind: "exec", command: ["sh", "-c", "pg_isready -U postgres"] },
      intervalMs: 5_000,
      timeoutMs: 3_000,
      failureThreshold: 10,
      successThreshold: 1,
      initialDelayMs: 10_000,
    };
    expect(db.probes).toEqual({ readiness: expectedProbe, liveness: expectedProbe });
    expect(db.secretEnv.POSTGRES_PASSWORD).toEqual({
      ref: "env://SHOP_DB_PASSWORD",
      scheme: "env",
      target: "SHOP_DB_PASSWORD",
    });
    expect(db.volumes).toEqual([
      { type: "volume", source: "pgdata", target: "/var/lib/postgresql/data", readOnly: false },
    ]);
    expect(db.restart.policy).toBe("always");
    const web = service(desired, "web");
    expect(web.dependsOn).toEqual({ db: "ready" });
    expect(web.env).toEqual({ DATABASE_HOST: "db", PORT: "8080" });
    expect(web.probes.readiness?.action).toEqual({
      kind: "http",
      port: 8080,
      path: "/healthz",
      scheme: "http",
      headers: {},
    });
    expect(web.probes.liveness?.action).toEqual({ kind: "tcp", port: 8080 });
    expect(web.restart).toEqual({
      policy: "on-failure",
      maxRetries: 5,
      backoff: { initialMs: 1_000, maxMs: 60_000 },
    });
  });

  it("accepts a manifest using every field", () => {
    const { desired, result } = parseOk(fixture("full.yaml"));
    expect(result.diagnostics).toEqual([]);
    expect(desired.version).toBe(2);
    expect(desired.volumes).toEqual({
      data: { name: "data", labels: { "com.example.tier": "storage" }, reclaimPolicy: "delete" },
      cache: { name: "cache", labels: {}, reclaimPolicy: "retain" },
    });
    const api = service(desired, "api");
    expect(api).toMatchObject({
      image: `ghcr.io/example/api:2.1@sha256:${"a".repeat(64)}`,
      replicas: 3,
      command: ["serve", "--port", "8080"],
      entrypoint: ["/bin/app"],
      workdir: "/srv",
      user: "1000",
      group: "app",
      init: true,
      env: { LOG_LEVEL: "debug", WORKERS: "4", FEATURE_X: "true", RATIO: "1.50" },
      labels: { "com.example.team": "platform" },
      dependsOn: { db: "ready", migrate: "completed" },
      stopGracePeriodMs: 45_000,
      resources: { cpus: 1.5, memoryBytes: 512 * 1024 ** 2 },
      readOnlyRootFilesystem: true,
      shmSizeBytes: 64 * 1024 ** 2,
    });
    expect(Object.values(api.secretEnv).map((r) => [r.scheme, r.target])).toEqual([
      ["env", "API_TOKEN"],
      ["file", "/etc/secrets/tls.key"],
      ["keychain", "shop/signing"],
      ["env", "LEGACY_A"],
      ["file", "/run/secrets/b"],
    ]);
    expect(api.ports).toEqual([
      { hostIP: "127.0.0.1", host: null, container: 8080, protocol: "tcp" },
      { hostIP: "127.0.0.1", host: null, container: 9090, protocol: "udp" },
      { hostIP: "0.0.0.0", host: null, container: 7070, protocol: "tcp" },
    ]);
    expect(api.volumes).toEqual([
      { type: "volume", source: "data", target: "/data", readOnly: false },
      { type: "volume", source: "cache", target: "/cache", readOnly: true },
      { type: "bind", source: "/srv/app/config", target: "/etc/app", readOnly: true },
      { type: "bind", source: "/srv/shared", target: "/shared", readOnly: false },
      { type: "tmpfs", source: "", target: "/tmp", readOnly: false },
      { type: "volume", source: "data", target: "/backup", readOnly: true },
      // Allowed only because the service sets allowUnsafeBind: true.
      { type: "bind", source: "/var/run/docker.sock", target: "/var/run/docker.sock", readOnly: true },
    ]);
    expect(api.probes.startup).toEqual({
      action: { kind: "tcp", port: 8080 },
      intervalMs: 1_000,
      timeoutMs: 5_000,
      failureThreshold: 30,
      successThreshold: 1,
      initialDelayMs: 0,
    });
    expect(api.probes.readiness).toMatchObject({
      action: {
        kind: "http",
        port: 8080,
        path: "/ready",
        scheme: "https",
        headers: { "X-Probe": "hostwright" },
      },
      successThreshold: 2,
    });
    expect(api.probes.liveness).toEqual({
      action: { kind: "exec", command: ["sh", "-c", "test -f /tmp/alive"] },
      intervalMs: 30_000,
      timeoutMs: 2_000,
      failureThreshold: 5,
      successThreshold: 1,
      initialDelayMs: 90_000,
    });
    expect(api.restart).toEqual({
      policy: "on-failure",
      maxRetries: 7,
      backoff: { initialMs: 500, maxMs: 120_000 },
    });
    expect(api.update).toEqual({
      strategy: "recreate",
      maxSurge: 0,
      maxUnavailable: 1,
      progressDeadlineMs: 600_000,
      failureAction: "pause",
    });
    expect(service(desired, "migrate").restart.policy).toBe("no");
    expect(desired.reconcile).toEqual({
      mode: "recommend",
      resyncMs: 60_000,
      guardrails: {
        rateLimit: { actions: 3, perMs: 3_600_000 },
        maintenanceWindows: [
          { cron: "0 2 * * 6", durationMs: 7_200_000, timezone: "Europe/Berlin" },
          { cron: "30 4 * * *", durationMs: 1_800_000, timezone: "UTC" },
        ],
      },
    });
  });

  it.each([
    ['["CMD", "curl", "-f", "http://localhost/"]', ["curl", "-f", "http://localhost/"]],
    [
      '["CMD-SHELL", "curl -f http://localhost/ || exit 1"]',
      ["sh", "-c", "curl -f http://localhost/ || exit 1"],
    ],
    ['"curl -f http://localhost/"', ["sh", "-c", "curl -f http://localhost/"]],
  ])("reads legacy health test %s like Compose", (test, command) => {
    const { desired } = parseOk(
      yaml(
        "version: 2",
        "project: p",
        "services:",
        "  a:",
        "    image: busybox",
        `    health: {test: ${test}}`,
      ),
    );
    const a = service(desired, "a");
    expect(a.probes.readiness).toEqual({
      action: { kind: "exec", command },
      intervalMs: 10_000,
      timeoutMs: 5_000,
      failureThreshold: 3,
      successThreshold: 1,
      initialDelayMs: 0,
    });
    expect(a.probes.liveness).toEqual(a.probes.readiness);
  });

  it("accepts anchors and << merges kept under x- keys", () => {
    const { desired, result } = parseOk(
      yaml(
        "version: 2",
        "project: anchors",
        "x-defaults: &defaults",
        "  image: busybox:1",
        "  restart: {policy: always}",
        "  env: &env",
        "    LOG: info",
        "x-port: &port 8080",
        "services:",
        "  a:",
        "    <<: *defaults",
        "    ports: [*port]",
        "  b:",
        "    <<: *defaults",
        "    image: busybox:2",
        "    env:",
        "      <<: *env",
        "      EXTRA: yes",
      ),
    );
    expect(result.diagnostics).toEqual([]);
    expect(service(desired, "a")).toMatchObject({
      image: "busybox:1",
      restart: { policy: "always" },
      env: { LOG: "info" },
    });
    expect(service(desired, "a").ports).toEqual([
      { hostIP: "127.0.0.1", host: null, container: 8080, protocol: "tcp" },
    ]);
    // Explicit keys win over merged ones; `yes` is a string in YAML 1.2.
    expect(service(desired, "b")).toMatchObject({ image: "busybox:2", env: { LOG: "info", EXTRA: "yes" } });
  });

  it("interpolates from .env and lets the environment override it", () => {
    const source = yaml(
      "version: 2",
      "project: ${PROJECT:-interp}",
      "services:",
      "  api:",
      "    image: ghcr.io/example/api:${TAG}",
      "    ports:",
      '      - "${PORT}:8080"',
      "    env:",
      "      PRICE: $$5",
      "      EMPTY_DEFAULT: ${UNSET-}",
      "      FROM_DOTENV: ${ONLY_IN_DOTENV}",
      "  worker:",
      "    image: busybox",
      "    replicas: ${REPLICAS:-3}",
    );
    const { desired } = parseOk(source, {
      env: { TAG: "2.0" },
      dotenv: { TAG: "1.0", PORT: "18080", ONLY_IN_DOTENV: "dot" },
    });
    expect(desired.project).toBe("interp");
    const api = service(desired, "api");
    expect(api.image).toBe("ghcr.io/example/api:2.0");
    // A plain scalar is re-typed after interpolation: `${REPLICAS:-3}` is the integer 3.
    expect(service(desired, "worker").replicas).toBe(3);
    expect(api.ports[0]?.host).toBe(18080);
    expect(api.env).toEqual({ PRICE: "$5", EMPTY_DEFAULT: "", FROM_DOTENV: "dot" });
  });

  it("does not warn about credentials that come from a variable", () => {
    const source = yaml(
      "version: 2",
      "project: creds",
      "services:",
      "  api:",
      "    image: busybox",
      "    env:",
      "      DB_PASSWORD: ${DB_PASSWORD}",
      "      API_KEY: abc123",
    );
    const { result } = parseOk(source, { env: { DB_PASSWORD: "s3cret" } });
    expect(result.diagnostics.map((d) => [d.code, d.path, d.line, d.col])).toEqual([
      [DiagnosticCode.literalCredential, "services.api.env.API_KEY", 8, 16],
    ]);
  });

  it("warns when a command string is split", () => {
    const source = yaml(
      "version: 2",
      "project: p",
      "services:",
      "  a:",
      "    image: busybox",
      "    command: sh -c 'echo hi'",
    );
    const { desired, result } = parseOk(source);
    expect(service(desired, "a").command).toEqual(["sh", "-c", "echo hi"]);
    expect(result.diagnostics).toMatchObject([
      { severity: "warning", code: DiagnosticCode.commandStringSplit, line: 6, col: 14 },
    ]);
  });

  it("validates examples/hello with zero diagnostics", () => {
    const file = path.resolve(here, "../../examples/hello/hostwright.yaml");
    const { desired, result } = parseOk(readFileSync(file, "utf8"), { file });
    expect(result.diagnostics).toEqual([]);
    expect(desired.project).toBe("hello");
    expect(desired.services.map((s) => s.name)).toEqual(["api", "web", "worker"]);
    for (const s of desired.services) expect(s.image).toBe("hostwright.local/busybox:1");
    expect(service(desired, "api").dependsOn).toEqual({ web: "ready" });
  });
});
