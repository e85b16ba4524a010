import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Diagnostic, parseManifest } from "../manifest/index.js";
import { loadCompose, toNativeYaml } from "./index.js";

const stack = path.join(import.meta.dirname, "testdata", "stack");
const errors = (ds: Diagnostic[]) =>
  ds.filter((d) => d.severity === "error").map((d) => `${d.line}:${d.col} ${d.path}: ${d.message}`);

function loadStack() {
  const r = loadCompose([path.join(stack, "compose.yaml")], { env: { API_KEY: "k" } });
  if (!r.ok) throw new Error(errors(r.diagnostics).join("\n"));
  return r;
}

describe("Compose keys onto the native ones", () => {
  it("build, networks, healthcheck, depends_on options, secrets/configs, mounts, resources", () => {
    const r = loadStack();
    const api = r.desired.services.find((s) => s.name === "api");
    expect(api).toMatchObject({
      image: "",
      build: {
        context: path.join(stack, "api"),
        dockerfile: "Dockerfile",
        target: "prod",
        args: { VERSION: "1.2", MODE: "fast" },
        labels: { "com.example.tier": "api" },
      },
      pullPolicy: "build",
      networks: [
        { name: "back", aliases: [], ipv4Address: "172.31.9.10" },
        { name: "front", aliases: ["web", "www"] },
      ],
      healthcheck: {
        test: ["CMD-SHELL", "wget -q -O- http://localhost/ || exit 1"],
        intervalMs: 5000,
        startPeriodMs: 2000,
      },
      dependsOn: { migrate: "completed", db: "ready" },
      dependsOnOptions: {
        migrate: { required: false, restart: false },
        db: { required: true, restart: true },
      },
      files: [
        { kind: "config", name: "app_conf", source: { content: "price=$5" }, target: "/etc/app.conf" },
        {
          kind: "secret",
          name: "db_password",
          source: { file: path.join(stack, "db_password.txt") },
          target: "/run/secrets/db_password",
        },
        {
          kind: "secret",
          name: "api_key",
          source: { env: "API_KEY" },
          target: "/run/secrets/key.txt",
          mode: 0o400,
        },
      ],
      volumes: [
        { type: "volume", source: "", target: "/cache" },
        {
          type: "bind",
          source: path.join(stack, "conf"),
          target: "/conf",
          readOnly: true,
          bind: { createHostPath: true, selinux: "z" },
        },
        { type: "volume", source: "data", target: "/data", volume: { nocopy: true } },
        { type: "tmpfs", target: "/scratch", tmpfs: { sizeBytes: 8388608 } },
      ],
      env: { TOKEN: "a$b", PLAIN: "x" },
      devices: [{ host: "/dev/null", container: "/dev/xnull", permissions: "r" }],
      logging: { driver: "json-file", options: { "max-size": "10m" } },
      resources: {
        cpus: 0.5,
        memoryBytes: 128 * 1024 * 1024,
        reservations: { cpus: 0.1, memoryBytes: 32 * 1024 * 1024 },
        pidsLimit: 200,
      },
    });
    expect(r.desired.services.find((s) => s.name === "db")?.containerName).toBe("stack-db");
    const migrate = r.desired.services.find((s) => s.name === "migrate");
    expect(migrate?.networkMode).toEqual({ kind: "none" });
    expect(migrate?.healthcheck).toEqual({ test: ["NONE"] });
    expect(r.desired.networks).toMatchObject({
      front: { runtimeName: "stack_front" },
      back: {
        internal: true,
        labels: { "com.example.net": "back" },
        ipam: { config: [{ subnet: "172.31.9.0/24" }] },
      },
      corp: { runtimeName: "corp-net", external: true },
    });
    expect(r.diagnostics.map((d) => d.path)).toContain("services.api.image");
  });

  it("import writes a manifest with the same hash, from another directory too ($ literal, paths rebased)", () => {
    const r = loadStack();
    for (const outputDir of [stack, mkdtempSync(path.join(tmpdir(), "hw-import-"))]) {
      const text = toNativeYaml(r.native as never, "compose.yaml", { projectDir: stack, outputDir });
      if (outputDir === stack) {
        expect(text).toContain("TOKEN: a$$b");
        expect(text).toContain("source: ./conf");
        expect(text).toContain("context: ./api");
      } else expect(text).toContain(`context: ${path.join(stack, "api")}`);
      const native = parseManifest(text, {
        file: path.join(outputDir, "hostwright.yaml"),
        env: { API_KEY: "k" },
      });
      if (!native.ok) throw new Error(errors(native.diagnostics).join("\n"));
      expect(native.desired.services).toEqual(r.desired.services);
      expect(native.desired.hash).toBe(r.desired.hash);
    }
  });

  it("refuses what has no native equivalent, at its key", () => {
    const d = mkdtempSync(path.join(tmpdir(), "hw-compose-"));
    const file = path.join(d, "compose.yaml");
    writeFileSync(
      file,
      [
        "services:",
        "  a:",
        "    build: {context: ., ssh: [default]}",
        "    networks: {n: {priority: 5}}",
        "    network_mode: bridge",
        "    pull_policy: daily",
        "    secrets: [nope]",
        "networks:",
        "  n: {}",
        "",
      ].join("\n"),
    );
    const r = loadCompose([file], { env: {} });
    expect(errors(r.diagnostics)).toEqual([
      "3:25 services.a.build.ssh: build option `ssh` is not supported",
      "4:20 services.a.networks.n.priority: network option `priority` is not supported",
      "5:19 services.a.network_mode: network_mode `bridge` (Docker's default bridge) is not supported",
      "6:18 services.a.pull_policy: pull_policy `daily` is not supported",
      '7:15 services.a.secrets[0]: secret "nope" is not defined in top-level secrets',
    ]);
  });
});

describe("smaller Compose rules", () => {
  it("a diagnostic in an override or an included file names that file", () => {
    const d = mkdtempSync(path.join(tmpdir(), "hw-compose-"));
    writeFileSync(
      path.join(d, "compose.yaml"),
      "include: [inc.yaml]\nservices:\n  a:\n    image: busybox:1\n",
    );
    writeFileSync(path.join(d, "compose.override.yaml"), "services:\n  a:\n    cap_add: [not a cap]\n");
    writeFileSync(path.join(d, "inc.yaml"), "services:\n  b:\n    image: busybox:1\n    stop_signal: NOPE\n");
    const r = loadCompose([path.join(d, "compose.yaml"), path.join(d, "compose.override.yaml")], { env: {} });
    const found = r.diagnostics
      .filter((x) => x.severity === "error")
      .map((x) => `${path.basename(x.file)}:${x.line}:${x.col} ${x.path}`);
    expect(found).toEqual([
      "compose.override.yaml:3:15 services.a.capAdd[0]",
      "inc.yaml:4:18 services.b.stopSignal",
    ]);
  });

  it("a project name with `_` is Compose's own, and the import of it loads", () => {
    const d = mkdtempSync(path.join(tmpdir(), "hw-compose-"));
    writeFileSync(path.join(d, "compose.yaml"), "name: My_App\nservices:\n  a:\n    image: busybox:1\n");
    const r = loadCompose([path.join(d, "compose.yaml")], { env: {} });
    if (!r.ok) throw new Error(errors(r.diagnostics).join("\n"));
    expect(r.desired.project).toBe("my_app");
    expect(r.desired.instances[0]?.name).toBe("my_app-a-1");
    const native = parseManifest(toNativeYaml(r.native as never, "x"), {
      file: path.join(d, "hostwright.yaml"),
      env: {},
    });
    expect(native.ok && native.desired.hash).toBe(r.desired.hash);
  });
});
