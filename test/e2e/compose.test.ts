/**
 * The "done when" engine test: a multi-service compose project with builds FROM the
 * busybox test image, two networks with an alias, a healthcheck-gated and a
 * completed-successfully dependency, a file secret, env_file, cap_add/cap_drop, ulimits, and
 * replicas with limits converges; each container is inspected against what the file asked;
 * a re-apply makes zero engine mutations; `import` then `plan` shows no change; changing one
 * file of one build context rebuilds and recreates exactly that service.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerCli, TEST_IMAGE } from "../harness/index.js";
import { Workspace } from "./cli.js";
import { engineEventsSince, eventsMark } from "./docker-state.js";

const P = "hwcstack";

const COMPOSE = `name: ${P}
services:
  web:
    build: ./web
    init: true
    env_file: web.env
    networks:
      front: {aliases: [www]}
      back: {}
    healthcheck:
      test: ["CMD-SHELL", "timeout 5 wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"]
      interval: 1s
      retries: 30
    secrets: [api_token]
    cap_add: [NET_ADMIN]
    cap_drop: [MKNOD]
    ulimits:
      nofile: {soft: 1024, hard: 2048}
    depends_on:
      migrate:
        condition: service_completed_successfully
    stop_grace_period: 1s
  migrate:
    build:
      context: ./migrate
      args: {STEP: migrated}
    restart: "no"
    networks: [back]
  worker:
    image: ${TEST_IMAGE}
    command: ["sleep", "600"]
    init: true
    networks: [front]
    depends_on:
      web:
        condition: service_healthy
    deploy:
      replicas: 2
      resources:
        limits: {cpus: "0.5", memory: 64M}
    stop_grace_period: 1s
networks:
  front: {}
  back: {}
secrets:
  api_token:
    file: ./token.txt
`;

const inspect = async (name: string) => {
  const r = await dockerCli(["inspect", name]);
  // biome-ignore lint/suspicious/noExplicitAny: docker inspect's JSON, read field by field
  return (JSON.parse(r.stdout) as any[])[0];
};
const id = async (name: string) => (await inspect(name)).Id as string;

describe("a compose project with builds, networks, health, secrets and limits", () => {
  const ws = new Workspace("composestack");
  const file = join(ws.dir, "compose.yaml");

  beforeAll(() => {
    mkdirSync(join(ws.dir, "web"));
    mkdirSync(join(ws.dir, "migrate"));
    writeFileSync(
      join(ws.dir, "web", "Dockerfile"),
      `FROM ${TEST_IMAGE}\nCOPY server.sh /srv/server.sh\nCMD ["sh", "/srv/server.sh"]\n`,
    );
    writeFileSync(
      join(ws.dir, "web", "server.sh"),
      'mkdir -p /www && echo "$GREETING v1" > /www/index.html && exec httpd -f -p 8080 -h /www\n',
    );
    writeFileSync(join(ws.dir, "web", "notes.md"), "not in the image\n");
    writeFileSync(join(ws.dir, "web", ".dockerignore"), "*.md\n");
    writeFileSync(
      join(ws.dir, "migrate", "Dockerfile"),
      `FROM ${TEST_IMAGE}\nARG STEP\nRUN echo "$STEP" > /step\nCMD ["true"]\n`,
    );
    writeFileSync(join(ws.dir, "web.env"), 'GREETING="hello compose"\n');
    writeFileSync(join(ws.dir, "token.txt"), "s3cret-token\n");
    writeFileSync(file, COMPOSE);
  });

  afterAll(async () => {
    await ws.hw(["down", "-v", "-f", file]);
    const images = await dockerCli(["images", "-q", "--filter", `reference=${P}-*`]);
    const ids = images.stdout.split("\n").filter(Boolean);
    if (ids.length > 0) await dockerCli(["rmi", "-f", ...ids]);
  });

  it("converges and every container is what the file asked", async () => {
    const up = await ws.hw(["up", "-d"]);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.stdout + up.stderr).not.toContain("s3cret-token");

    const migrate = await inspect(`${P}-migrate-1`);
    expect(migrate.State.Status).toBe("exited");
    expect(migrate.State.ExitCode).toBe(0);
    expect(migrate.Config.Image).toMatch(new RegExp(`^${P}-migrate:hw-[0-9a-f]{12}$`));

    const web = await inspect(`${P}-web-1`);
    expect(web.State.Health.Status).toBe("healthy");
    expect(web.Config.Image).toMatch(new RegExp(`^${P}-web:hw-[0-9a-f]{12}$`));
    expect(web.Config.Env).toContain("GREETING=hello compose");
    expect(Object.keys(web.NetworkSettings.Networks).sort()).toEqual([`${P}_back`, `${P}_front`]);
    expect(web.NetworkSettings.Networks[`${P}_front`].Aliases).toContain("www");
    expect(web.HostConfig.CapAdd).toEqual(["NET_ADMIN"]);
    expect(web.HostConfig.CapDrop).toEqual(["MKNOD"]);
    expect(web.HostConfig.Ulimits).toEqual([{ Name: "nofile", Soft: 1024, Hard: 2048 }]);
    const secret = await dockerCli(["exec", `${P}-web-1`, "cat", "/run/secrets/api_token"]);
    expect(secret.stdout.trim()).toBe("s3cret-token");
    const ignored = await dockerCli(["exec", `${P}-web-1`, "ls", "/srv"]);
    expect(ignored.stdout.trim()).toBe("server.sh");

    for (const n of [1, 2]) {
      const w = await inspect(`${P}-worker-${n}`);
      expect(w.State.Status).toBe("running");
      expect(w.HostConfig.NanoCpus).toBe(500_000_000);
      expect(w.HostConfig.Memory).toBe(64 * 1024 * 1024);
      expect(Object.keys(w.NetworkSettings.Networks)).toEqual([`${P}_front`]);
    }
    // The alias on the shared network; the back network is not reachable from a worker.
    const viaAlias = await dockerCli([
      "exec",
      `${P}-worker-1`,
      "timeout",
      "5",
      "wget",
      "-q",
      "-O",
      "-",
      "http://www:8080/",
    ]);
    expect(viaAlias.stdout.trim()).toBe("hello compose v1");
    const toMigrateNet = await dockerCli(["exec", `${P}-worker-1`, "timeout", "3", "nslookup", "migrate"]);
    expect(toMigrateNet.exitCode).not.toBe(0);
  }, 240_000);

  it("re-applies with zero engine mutations, and its import plans no change", async () => {
    const since = eventsMark();
    const again = await ws.hw(["up", "-d"]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const events = await engineEventsSince(
      since,
      `label=dev.hostwright.project=${P}`,
      "{{.Type}} {{.Action}}",
    );
    expect(events.filter((a) => !a.includes("exec_"))).toEqual([]);
    const images = await engineEventsSince(since, "type=image", "{{.Action}} {{.Actor.Attributes.name}}");
    // Other tests share the engine: only this project's built images count.
    expect(images.filter((l) => l.includes(` ${P}-`))).toEqual([]);

    const imported = await ws.hw(["import", "-o", "hostwright.yaml"]);
    expect(imported.code, imported.stderr).toBe(0);
    const plan = await ws.hw(["plan", "--detailed-exitcode", "-f", "hostwright.yaml"]);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  }, 120_000);

  it("one changed file of one build context rebuilds and recreates exactly that service", async () => {
    const before = {
      web: await id(`${P}-web-1`),
      migrate: await id(`${P}-migrate-1`),
      w1: await id(`${P}-worker-1`),
      w2: await id(`${P}-worker-2`),
    };
    writeFileSync(
      join(ws.dir, "web", "server.sh"),
      'mkdir -p /www && echo "$GREETING v2" > /www/index.html && exec httpd -f -p 8080 -h /www\n',
    );
    const plan = await ws.hw(["plan", "-f", file]);
    expect(plan.stdout).toContain("build context changed: server.sh");
    expect(plan.stdout).not.toMatch(/migrate.*(recreate|build)|(recreate|build).*migrate/);
    expect(plan.stdout).not.toMatch(/worker.*recreate/);

    const apply = await ws.hw(["up", "-d"]);
    expect(apply.code, apply.stdout + apply.stderr).toBe(0);
    expect(await id(`${P}-web-1`)).not.toBe(before.web);
    expect(await id(`${P}-migrate-1`)).toBe(before.migrate);
    expect(await id(`${P}-worker-1`)).toBe(before.w1);
    expect(await id(`${P}-worker-2`)).toBe(before.w2);
    const served = await dockerCli([
      "exec",
      `${P}-worker-1`,
      "timeout",
      "5",
      "wget",
      "-q",
      "-O",
      "-",
      "http://www:8080/",
    ]);
    expect(served.stdout.trim()).toBe("hello compose v2");
    const after = await ws.hw(["plan", "--detailed-exitcode", "-f", file]);
    expect(after.code, after.stdout).toBe(0);
  }, 240_000);
});

describe("a failed build", () => {
  const ws = new Workspace("composebadbuild");
  const Q = "hwcbadbuild";
  const file = join(ws.dir, "compose.yaml");

  beforeAll(() => {
    mkdirSync(join(ws.dir, "bad"));
    writeFileSync(join(ws.dir, "bad", "Dockerfile"), `FROM ${TEST_IMAGE}\nRUN echo step-one\nRUN exit 3\n`);
    writeFileSync(
      file,
      `name: ${Q}\nservices:\n  bad:\n    build: ./bad\n  ok:\n    image: ${TEST_IMAGE}\n    command: [sleep, "600"]\n`,
    );
  });

  afterAll(async () => {
    await ws.hw(["down", "-v", "-f", file]);
  });

  it("is an error naming the failing step, and nothing else changes", async () => {
    const plan = await ws.hw(["plan", "-f", file]);
    expect(plan.stdout).toContain("build bad: not built yet");
    const up = await ws.hw(["up", "-d"]);
    expect(up.code).not.toBe(0);
    expect(up.stderr).toMatch(/RUN exit 3/);
    const containers = await dockerCli(["ps", "-a", "-q", "--filter", `label=dev.hostwright.project=${Q}`]);
    expect(containers.stdout.trim()).toBe("");
    const images = await dockerCli(["images", "-q", "--filter", `reference=${Q}-*`]);
    expect(images.stdout.trim()).toBe("");
  }, 120_000);
});
