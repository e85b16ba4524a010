/**
 * Issue 6 end to end on runtime apple (the `container` emulator): apply a 3-service project the
 * runtime can honour (integer cpus, memory ≥ 200MiB, a fixed host port, a named volume, an exec
 * readiness probe the dependent waits for, a one-shot job); re-apply is a no-op; a changed env
 * recreates only its service, stop-first, and the plan says why; status and ps show the instances;
 * down leaves nothing owned behind; a field Apple cannot honour fails before anything changes.
 * Every check on "what reached the runtime" reads the emulator's state file directly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppleWorkspace } from "./apple-workspace.js";

const DB_PORT = 18_080;

function manifest(project: string, o: { apiEnv?: string; webExtra?: string } = {}): string {
  return `version: 2
project: ${project}
volumes:
  data: {}
services:
  db:
    image: busybox:1
    command: [sh, -c, "echo booted; sleep 3600"]
    ports: ["${DB_PORT}:5432"]
    volumes: ["data:/data"]
    resources: { cpus: 2, memory: 512MiB }
    probes:
      readiness:
        exec: [sh, -c, "true"]
        interval: 200ms
  api:
    image: busybox:1
    command: [sleep, "3600"]
    env: { API_MODE: "${o.apiEnv ?? "one"}" }
    dependsOn: { db: ready }
${o.webExtra ?? ""}  migrate:
    image: busybox:1
    command: [echo, migrated]
    restart: { policy: "no" }
    dependsOn: [db]
`;
}

describe("apply on runtime apple (emulator)", () => {
  const aw = new AppleWorkspace("shop");
  const P = aw.project;
  beforeAll(() => aw.write(manifest(P)));
  afterAll(() => aw.dispose());

  it("converges a 3-service project: volume, resources, fixed port, readiness, a one-shot job", async () => {
    const r = await aw.hw(["apply"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`await ${P}-db-1 ready`);
    expect(r.stdout).toMatch(/Applied shop in .*0 failed, 0 skipped/);
    expect(aw.containers().map((c) => `${c.name}:${c.state}`)).toEqual([
      `${P}-api-1:running`,
      `${P}-db-1:running`,
      `${P}-migrate-1:stopped`,
    ]);
    expect(aw.container1("api")?.env.API_MODE).toBe("one");
    const db = aw.emulator.state().containers[`${P}-db-1`]?.configuration;
    expect(db?.resources).toMatchObject({ cpus: 2, memoryInBytes: 512 * 1024 * 1024 });
    expect(aw.ownedLeftovers()).toEqual({
      containers: [`${P}-api-1`, `${P}-db-1`, `${P}-migrate-1`],
      volumes: [`${P}_data`],
      networks: [`${P}_default`],
    });
  });

  it("re-applying changes nothing in the runtime", async () => {
    const before = aw.emulator.rawState();
    const r = await aw.hw(["apply"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Already converged");
    expect(aw.emulator.rawState()).toBe(before);
    expect((await aw.hw(["plan", "--detailed-exitcode"])).code).toBe(0);
  });

  it("a changed env recreates only that service, stop-first, and the plan says why", async () => {
    const before = aw.emulator.state().containers;
    const oldApi = aw.container1("api");
    aw.write(manifest(P, { apiEnv: "two" }));
    const plan = await aw.hw(["plan", "--detailed-exitcode"]);
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain(
      "recreate 1 stop-first (runtime apple cannot rename the old container aside): spec changed: env API_MODE",
    );
    expect(plan.stdout).toMatch(
      /\[(\d+)\] stop shop-api-1: spec changed[^\n]*\n\s*\[\d+\] remove shop-api-1 after #\1:/,
    );
    const r = await aw.hw(["apply"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const after = aw.emulator.state().containers;
    // Untouched services are byte-for-byte the same records (same run, same IP).
    expect(after[`${P}-db-1`]).toEqual(before[`${P}-db-1`]);
    expect(after[`${P}-migrate-1`]).toEqual(before[`${P}-migrate-1`]);
    const api = aw.container1("api");
    expect(api?.state).toBe("running");
    expect(api?.env.API_MODE).toBe("two");
    expect(api?.ip).not.toBe(oldApi?.ip);
  });

  it("status and ps show every instance", async () => {
    const status = await aw.json<{
      summary: string;
      runtime: string;
      services: { name: string; instances: { name: string; state: string; ports: string[] }[] }[];
    }>(["status"]);
    expect(status.runtime).toBe("apple");
    expect(status.summary).toBe("nominal");
    expect(
      status.services.flatMap((s) => s.instances.map((i) => `${i.name}:${i.state}:${i.ports.join(",")}`)),
    ).toEqual([
      `${P}-api-1:running:`,
      `${P}-db-1:running:127.0.0.1:${DB_PORT}->5432/tcp`,
      `${P}-migrate-1:exited:`,
    ]);
    const text = await aw.hw(["status"]);
    expect(text.stdout).toContain(`Project ${P}: nominal  (runtime apple`);
    const ps = await aw.json<{ name: string; service: string; state: string; ports: string }[]>(["ps"]);
    expect(ps.map((p) => `${p.name}:${p.service}:${p.state}:${p.ports}`).sort()).toEqual([
      `${P}-api-1:api:running:`,
      `${P}-db-1:db:running:127.0.0.1:${DB_PORT}->5432/tcp`,
      `${P}-migrate-1:migrate:exited(?):`,
    ]);
  });

  it("down removes every container and network it owns, and the volume only with --volumes", async () => {
    const r = await aw.hw(["down"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(aw.ownedLeftovers()).toEqual({ containers: [], volumes: [`${P}_data`], networks: [] });
    expect((await aw.hw(["down", "--volumes"])).code).toBe(0);
    expect(aw.ownedLeftovers()).toEqual({ containers: [], volumes: [], networks: [] });
    expect(aw.emulator.state().containers).toEqual({});
  });
});

describe("a manifest runtime apple cannot honour", () => {
  const aw = new AppleWorkspace("odd");
  afterAll(() => aw.dispose());

  it("fails before any mutation, naming every field", async () => {
    aw.write(manifest(aw.project));
    expect((await aw.hw(["apply"])).code).toBe(0);
    const before = aw.emulator.rawState();
    aw.write(
      manifest(aw.project, {
        apiEnv: "two",
        webExtra: `  web:
    image: busybox:1
    command: [sleep, "3600"]
    ports: ["8080"]
    resources: { cpus: 0.5 }
`,
      }),
    );
    for (const command of ["plan", "apply"]) {
      const r = await aw.hw([command]);
      expect(r.code, `${command}: ${r.stdout}`).toBe(65);
      expect(r.stderr).toContain("HW-RUNTIME-005");
      expect(r.stderr).toContain("services.web.ports: ephemeral host port is not supported on runtime apple");
      expect(r.stderr).toContain(
        "services.web.resources.cpus: fractional cpus (0.5) is not supported on runtime apple",
      );
    }
    // Not even the valid part of the change (api's env) reached the runtime.
    expect(aw.emulator.rawState()).toBe(before);
    expect(aw.container1("api")?.env.API_MODE).toBe("one");
  });
});
