// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written literally in these fixtures
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { observed, ownedContainer, ownership } from "../../test/support/desired-fixtures.js";
import { type Diagnostic, parseManifest } from "../manifest/index.js";
import { interpolate } from "../manifest/interpolate.js";
import { planConvergence } from "../reconcile/index.js";
import { renderPlanText } from "../reconcile/render-plan.js";
import {
  discoverCompose,
  loadCompose,
  normaliseProjectName,
  resolveProjectName,
  toNativeYaml,
} from "./index.js";

const testdata = (name: string) => path.join(import.meta.dirname, "testdata", name, "compose.yaml");
const where = (ds: Diagnostic[], severity: Diagnostic["severity"]) =>
  ds.filter((d) => d.severity === severity).map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`);

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(tmpdir(), "hw-compose-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(d, name), text);
  return d;
}

function load(files: string[], env: Record<string, string> = {}) {
  const r = loadCompose(files, { env });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join("\n"));
  return r;
}

describe("realistic compose files validate and plan", () => {
  it("webapp: env_file with quotes, ${VAR:-default}, healthcheck-gated depends_on, limits", () => {
    const r = load([testdata("webapp")]);
    const web = r.desired.services.find((s) => s.name === "web");
    expect(r.desired.project).toBe("webapp");
    expect(web?.env).toEqual({ SECRET_MODE: "quoted value", FEATURE: "on", LOG_LEVEL: "info" });
    expect(web?.command).toEqual(["serve", "--port", "8080"]);
    expect(web?.dependsOn).toEqual({ db: "ready" });
    expect(web?.resources).toEqual({ cpus: 0.5, memoryBytes: 256 * 1024 * 1024 });
    expect(web?.ports[1]).toEqual({ hostIP: "0.0.0.0", host: null, container: 9000, protocol: "tcp" });
    expect(where(r.diagnostics, "warning")).toContain(
      "25:9 services.web.ports[1]: published on all interfaces (0.0.0.0), as Compose does",
    );
    const db = r.desired.services.find((s) => s.name === "db");
    // The engine's HEALTHCHECK (Docker semantics); service_healthy waits for the engine's health.
    expect(db?.healthcheck).toEqual({
      test: ["CMD-SHELL", "pg_isready -U app"],
      intervalMs: 5000,
      timeoutMs: 3000,
      retries: 5,
    });
    expect(db?.probes.readiness).toBeUndefined();
    expect(db?.restart.policy).toBe("unless-stopped");
  });

  it("voting: profiles off by default, list depends_on, string healthcheck, entrypoint split", () => {
    const r = load([testdata("voting")]);
    expect(r.desired.project).toBe("voting");
    expect(r.desired.services.map((s) => s.name)).toEqual(["db", "redis", "result", "vote", "worker"]);
    const result = r.desired.services.find((s) => s.name === "result");
    expect(result?.entrypoint).toEqual(["nodemon", "--inspect=0.0.0.0", "server.js"]);
    expect(r.desired.services.find((s) => s.name === "worker")?.dependsOn).toEqual({
      redis: "started",
      db: "started",
    });
    const withSeed = loadCompose([testdata("voting")], { env: {}, profiles: ["seed"] });
    expect(withSeed.ok && withSeed.desired.services.map((s) => s.name)).toContain("seed");
  });

  it("production: name normalised, replicas, restart_policy, update_config, tmpfs, user:group", () => {
    const r = load([testdata("production")]);
    expect(r.desired.project).toBe("shopproduction");
    const api = r.desired.services.find((s) => s.name === "api");
    expect(api?.replicas).toBe(3);
    expect(api?.restart).toMatchObject({ policy: "on-failure", maxRetries: 5 });
    expect(api?.update).toMatchObject({ maxSurge: 1, maxUnavailable: 1, failureAction: "rollback" });
    expect(api?.user).toBe("1000");
    expect(api?.group).toBe("1000");
    expect(api?.readOnlyRootFilesystem).toBe(true);
    expect(api?.volumes).toEqual([{ type: "tmpfs", source: "", target: "/tmp", readOnly: false }]);
    expect(api?.env).toEqual({ TZ: "UTC", DATABASE_URL: "postgres://shop@db/shop" });
    expect(api?.dependsOn).toEqual({ migrate: "completed", db: "ready" });
    expect(r.desired.services.find((s) => s.name === "migrate")?.restart).toMatchObject({
      policy: "on-failure",
      maxRetries: 3,
    });
    expect(r.desired.volumes.pgdata?.labels).toEqual({ "com.example.backup": "nightly" });
  });

  it("plans every service on an empty engine (an all-interfaces port is a warning printed before the plan)", () => {
    for (const name of ["webapp", "voting", "production"]) {
      const { desired } = load([testdata(name)]);
      const plan = planConvergence({
        desired,
        observed: observed(desired.project, []),
        ownership: ownership([]),
        secretDigests: {},
      });
      expect(plan.blocked).toEqual([]);
      const created = new Set(plan.ops.filter((op) => op.kind === "create").map((op) => op.target));
      expect(created.size).toBe(desired.instances.length);
      expect(renderPlanText(plan)).toContain(
        `Project ${desired.project}: ${desired.instances.length} to create`,
      );
    }
  });
});

describe("strictness: every problem at its line and column", () => {
  it("reports unknown keys with did-you-mean, refusals with reasons, :? and bad conditions; version warns", () => {
    const r = loadCompose([testdata("errors")], { env: {} });
    expect(r.ok).toBe(false);
    expect(where(r.diagnostics, "error")).toEqual([
      "5:5 services.web.imagee: unknown key `imagee`",
      "6:5 services.web.links: `links`: links are obsolete in Compose; services on one network reach each other by name",
      "8:15 services.web.environment.NEEDED: required variable NEEDED is not set: set NEEDED first",
      "11:20 services.web.depends_on.db: unknown condition `service_ready`",
      "14:21 services.db.containerName: containerName needs replicas: 1 (got 2)",
      "16:1 unknown_top: unknown key `unknown_top`",
    ]);
    expect(where(r.diagnostics, "warning")).toContain(
      "1:1 version: `version` is obsolete in Compose and ignored",
    );
    expect(r.diagnostics.find((d) => d.path === "services.web.imagee")?.hint).toBe("did you mean `image`?");
  });

  it("allows a Docker socket bind from Compose, with a warning naming the risk", () => {
    const d = dir({
      "compose.yaml":
        "services:\n  agent:\n    image: a:1\n    volumes: [/var/run/docker.sock:/var/run/docker.sock]\n",
    });
    const r = load([path.join(d, "compose.yaml")]);
    expect(r.desired.services[0]?.volumes[0]).toMatchObject({ type: "bind", source: "/var/run/docker.sock" });
    expect(where(r.diagnostics, "warning").join("\n")).toMatch(/4:15 .*container-engine socket/);
  });
});

describe("interpolation, .env, project name, merge, discovery", () => {
  const look = (vars: Record<string, string>) => (n: string) => vars[n];
  it("Compose operators; unset is empty with a warning; the native manifest keeps its strict subset", () => {
    const c = { compose: true };
    expect(interpolate("${A:+alt}|${B:+alt}|${B+alt}|${C-d}|$$", look({ A: "x", B: "" }), c).value).toBe(
      "alt||alt|d|$",
    );
    expect(interpolate("${A?need}", look({ A: "" }), c).errors).toEqual([]);
    expect(interpolate("${A:?need}", look({ A: "" }), c).errors).toEqual([
      "required variable A is empty: need",
    ]);
    const unset = interpolate("x${NOPE}y", look({}), c);
    expect([unset.value, unset.errors, unset.warnings]).toEqual([
      "xy",
      [],
      ["variable NOPE is not set: using an empty string"],
    ]);
    expect(interpolate("${A:?need}", look({}), {}).errors[0]).toMatch(/invalid interpolation/);
  });

  it("project name: -p, then COMPOSE_PROJECT_NAME (env, then .env), then name:, then the directory", () => {
    const base = { env: {}, dotenv: {}, projectDir: "/srv/My App" };
    expect(resolveProjectName(base)).toBe("myapp");
    expect(resolveProjectName({ ...base, topLevelName: "Named" })).toBe("named");
    expect(resolveProjectName({ ...base, topLevelName: "n", dotenv: { COMPOSE_PROJECT_NAME: "dot" } })).toBe(
      "dot",
    );
    expect(
      resolveProjectName({
        ...base,
        env: { COMPOSE_PROJECT_NAME: "envp" },
        dotenv: { COMPOSE_PROJECT_NAME: "dot" },
      }),
    ).toBe("envp");
    expect(resolveProjectName({ ...base, flag: "Flag", env: { COMPOSE_PROJECT_NAME: "envp" } })).toBe("flag");
    expect(normaliseProjectName("__Hello.World-1_")).toBe("helloworld-1_");
  });

  it(".env beside the file feeds interpolation; the process environment wins", () => {
    const d = dir({
      ".env": "TAG=1.0\nPORT=8080\n",
      "compose.yaml": 'services:\n  web:\n    image: web:${TAG}\n    environment: {P: "${PORT}"}\n',
    });
    const r = load([path.join(d, "compose.yaml")], { PORT: "9090" });
    expect(r.desired.services[0]?.image).toBe("web:1.0");
    expect(r.desired.services[0]?.env).toEqual({ P: "9090" });
  });

  it("discovers compose.yaml with its override and merges: maps by key, scalars replaced, lists appended", () => {
    const d = dir({
      "compose.yaml":
        "services:\n  web:\n    image: web:1\n    command: [a, b]\n    environment: {A: '1', B: '1'}\n    ports: ['127.0.0.1:80:80']\n",
      "compose.override.yaml":
        "services:\n  web:\n    image: web:2\n    command: [c]\n    environment: {B: '2'}\n    ports: ['127.0.0.1:81:81']\n",
    });
    const files = discoverCompose(d);
    expect(files?.map((f) => path.basename(f))).toEqual(["compose.yaml", "compose.override.yaml"]);
    const web = load(files ?? []).desired.services[0];
    expect(web?.image).toBe("web:2");
    expect(web?.command).toEqual(["c"]);
    expect(web?.env).toEqual({ A: "1", B: "2" });
    expect(web?.ports.map((p) => p.container)).toEqual([80, 81]);
  });
});

describe("engine-level options map onto the native keys", () => {
  it("cap_add/cap_drop, sysctls list, ulimits, extra_hosts list, dns string, expose range, stop_signal", () => {
    const d = dir({
      "compose.yaml": [
        "services:",
        "  net:",
        "    image: a:1",
        "    hostname: probe",
        "    cap_add: [NET_ADMIN]",
        "    cap_drop: [ALL]",
        "    sysctls: [net.core.somaxconn=1024]",
        "    ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 512}",
        '    extra_hosts: ["db.local:10.0.0.5", "gw=10.0.0.1"]',
        "    dns: 1.1.1.1",
        '    expose: ["3000-3001", "9000/udp"]',
        "    stop_signal: SIGQUIT",
        "    stdin_open: true",
        "    tty: true",
        "",
      ].join("\n"),
    });
    const r = load([path.join(d, "compose.yaml")]);
    const s = r.desired.services[0];
    expect(s).toMatchObject({
      hostname: "probe",
      capAdd: ["NET_ADMIN"],
      capDrop: ["ALL"],
      sysctls: { "net.core.somaxconn": "1024" },
      ulimits: { nofile: { soft: 1024, hard: 2048 }, nproc: { soft: 512, hard: 512 } },
      extraHosts: [
        { host: "db.local", ip: "10.0.0.5" },
        { host: "gw", ip: "10.0.0.1" },
      ],
      dns: ["1.1.1.1"],
      expose: [3000, 3001, 9000],
      stopSignal: "SIGQUIT",
      stdinOpen: true,
      tty: true,
    });
    const native = parseManifest(toNativeYaml(r.native as never, "x"), {
      file: path.join(d, "hostwright.yaml"),
      env: {},
    });
    expect(native.ok && native.desired.hash).toBe(r.desired.hash);
  });
});

describe("extends", () => {
  it("from the same file and from another file, own keys merged over the base; a cycle is an error", () => {
    const d = dir({
      "common.yaml":
        "services:\n  base:\n    image: app:1\n    environment: {A: '1', B: '1'}\n    init: true\n",
      "compose.yaml": [
        "services:",
        "  web:",
        "    extends: {file: common.yaml, service: base}",
        "    environment: {B: '2'}",
        "  worker:",
        "    extends: web",
        "    command: [work]",
        "",
      ].join("\n"),
    });
    const r = load([path.join(d, "compose.yaml")]);
    const web = r.desired.services.find((s) => s.name === "web");
    const worker = r.desired.services.find((s) => s.name === "worker");
    expect([web?.image, web?.init, web?.env]).toEqual(["app:1", true, { A: "1", B: "2" }]);
    expect([worker?.image, worker?.command, worker?.env]).toEqual(["app:1", ["work"], { A: "1", B: "2" }]);
    const c = dir({
      "compose.yaml":
        "services:\n  a:\n    extends: b\n    image: x:1\n  b:\n    extends: a\n    image: x:1\n",
    });
    const bad = loadCompose([path.join(c, "compose.yaml")], { env: {} });
    expect(where(bad.diagnostics, "error")).toContain("6:5 services.b.extends: extends forms a cycle");
  });
});

describe("include", () => {
  it("brings in another file's services and volumes; a name defined twice is an error", () => {
    const d = dir({
      "db.yaml":
        "services:\n  db:\n    image: postgres:16\n    volumes: [pg:/var/lib/postgresql/data]\nvolumes:\n  pg:\n",
      "compose.yaml": "include: [db.yaml]\nservices:\n  web:\n    image: web:1\n    depends_on: [db]\n",
    });
    const r = load([path.join(d, "compose.yaml")]);
    expect(r.desired.services.map((s) => s.name)).toEqual(["db", "web"]);
    expect(Object.keys(r.desired.volumes)).toEqual(["pg"]);
    const twice = dir({
      "db.yaml": "services:\n  web:\n    image: a:1\n",
      "compose.yaml": "include:\n  - path: db.yaml\nservices:\n  web:\n    image: web:1\n",
    });
    const bad = loadCompose([path.join(twice, "compose.yaml")], { env: {} });
    expect(where(bad.diagnostics, "error")).toEqual([
      "2:5 include[0]: services `web` is defined both here and in db.yaml",
    ]);
  });
});

describe("x-hostwright", () => {
  it("passes native service keys to the native checker; a wrong one is reported at its line", () => {
    const d = dir({
      "compose.yaml":
        "services:\n  api:\n    image: api:1\n    x-hostwright:\n      secretEnv: {TOKEN: env://TOKEN}\n      probes:\n        readiness: {tcp: {port: 8080}}\n      bogus: 1\n",
    });
    const r = loadCompose([path.join(d, "compose.yaml")], { env: {} });
    expect(where(r.diagnostics, "error")).toEqual(["8:7 services.api.bogus: unknown key `bogus`"]);
    const ok = load(
      [path.join(d, "compose.yaml")].map((f) => {
        writeFileSync(
          f,
          "services:\n  api:\n    image: api:1\n    x-hostwright:\n      secretEnv: {TOKEN: env://TOKEN}\n      probes:\n        readiness: {tcp: {port: 8080}}\n",
        );
        return f;
      }),
    );
    expect(ok.desired.services[0]?.secretEnv.TOKEN?.target).toBe("TOKEN");
    expect(ok.desired.services[0]?.probes.readiness?.action).toEqual({ kind: "tcp", port: 8080 });
  });
});

describe("hostwright import", () => {
  it("the imported native manifest gives the same Desired hash, spec hashes and plan", () => {
    for (const name of ["webapp", "voting", "production"]) {
      const r = load([testdata(name)]);
      const text = toNativeYaml(r.native ?? (r.desired as never), testdata(name));
      const native = parseManifest(text, {
        file: path.join(path.dirname(testdata(name)), "hostwright.yaml"),
        env: {},
      });
      if (!native.ok) throw new Error(JSON.stringify(native.diagnostics));
      expect(native.desired.hash).toBe(r.desired.hash);
      expect(native.desired.services.map((s) => s.specHash)).toEqual(
        r.desired.services.map((s) => s.specHash),
      );
      const plan = (d: typeof r.desired) =>
        planConvergence({
          desired: d,
          observed: observed(d.project, []),
          ownership: ownership([]),
          secretDigests: {},
        });
      expect(plan(native.desired).hash).toBe(plan(r.desired).hash);
    }
  });
});

describe("living beside docker compose", () => {
  it("a container docker compose made blocks its service, untouched, with the hand-over hint", () => {
    const { desired } = load([testdata("webapp")]);
    const db = desired.services.find((s) => s.name === "db");
    if (db === undefined) throw new Error("no db");
    const theirs = { ...ownedContainer("webapp", db, 1), labels: { "com.docker.compose.project": "webapp" } };
    const plan = planConvergence({
      desired,
      observed: observed("webapp", [theirs]),
      ownership: ownership([]),
      secretDigests: {},
    });
    expect(plan.blocked.find((b) => b.service === "db")?.reason).toBe(
      "name clash: webapp-db-1 exists and it was created by docker compose (project webapp); to hand it over run `docker compose -p webapp down`, then `hostwright up`",
    );
    expect(plan.ops.some((op) => op.target === "container:webapp-db-1")).toBe(false);
  });
});
