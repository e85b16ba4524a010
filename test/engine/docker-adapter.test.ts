/**
 * DockerAdapter against the real harness engine: observation, creation with every field the
 * spec carries, lifecycle idempotency, name clashes, networks and volumes.
 */
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HwError, Labels, RuntimeErrorCode } from "../../src/core/index.js";
import { createDockerAdapter, type DockerAdapter } from "../../src/runtime/docker/index.js";
import {
  dockerCli,
  dockerCliOk,
  dockerHost,
  ownedLabels,
  removeProjectResources,
  TEST_IMAGE,
  testContainerSpec,
  uniqueProject,
} from "../harness/index.js";

let adapter: DockerAdapter;
const projects: string[] = [];

function newProject(prefix: string): string {
  const p = uniqueProject(prefix);
  projects.push(p);
  return p;
}

async function withNetwork(project: string): Promise<void> {
  await adapter.ensureNetwork(`${project}_default`, ownedLabels(project));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function httpGet(url: string): Promise<string> {
  let last: unknown;
  // httpd accepts connections a moment after the container starts.
  for (let i = 0; i < 50; i++) {
    try {
      return await (await fetch(url)).text();
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw last;
}

beforeAll(() => {
  adapter = createDockerAdapter({ host: dockerHost() });
});

afterEach(async () => {
  for (const p of projects.splice(0)) await removeProjectResources(p);
});

afterAll(async () => {
  await adapter.close();
});

describe("DockerAdapter.observe", () => {
  it("sees an empty project, with the local images listed under their references", async () => {
    const project = newProject("empty");
    const observed = await adapter.observe(project);
    expect(observed).toMatchObject({
      project,
      runtime: "docker",
      containers: [],
      clashes: [],
      volumes: [],
      networks: [],
    });
    expect(observed.images[TEST_IMAGE]).toMatch(/^sha256:/);
    expect(Date.parse(observed.takenAt)).not.toBeNaN();
  });

  it("costs the same number of engine calls for 1 and for 5 containers", async () => {
    const project = newProject("calls");
    await withNetwork(project);
    await adapter.create(testContainerSpec(project, "web", 1));
    let before = adapter.apiCalls;
    const one = await adapter.observe(project);
    const callsForOne = adapter.apiCalls - before;

    for (let i = 2; i <= 5; i++) await adapter.create(testContainerSpec(project, "web", i));
    before = adapter.apiCalls;
    const five = await adapter.observe(project);
    const callsForFive = adapter.apiCalls - before;

    expect(one.containers).toHaveLength(1);
    expect(five.containers.map((c) => c.name)).toEqual([1, 2, 3, 4, 5].map((i) => `${project}-web-${i}`));
    expect(callsForFive).toBe(callsForOne);
    expect(callsForOne).toBeLessThanOrEqual(7);
  });
});

describe("DockerAdapter.create and start", () => {
  it("creates a container with labels, env, ports, a volume and an alias, visible in one snapshot", async () => {
    const project = newProject("full");
    const fixedPort = await freePort();
    await withNetwork(project);
    await adapter.ensureVolume(`${project}_data`, ownedLabels(project, { [Labels.resource]: "data" }));
    const spec = testContainerSpec(project, "web", 1, {
      env: { GREETING: "hello from env" },
      ports: [
        { hostIP: "127.0.0.1", host: null, container: 8080, protocol: "tcp" },
        { hostIP: "127.0.0.1", host: fixedPort, container: 8080, protocol: "tcp" },
      ],
      volumes: [{ type: "volume", source: `${project}_data`, target: "/data", readOnly: false }],
      init: true,
      memoryBytes: 64 * 1024 * 1024,
      cpus: 0.5,
      stopGracePeriodMs: 2500,
    });
    const { id } = await adapter.create(spec);
    await adapter.start(id);

    const observed = await adapter.observe(project);
    expect(observed.containers).toHaveLength(1);
    const c = observed.containers[0]!;
    expect(c).toMatchObject({
      id,
      name: `${project}-web-1`,
      state: "running",
      image: TEST_IMAGE,
      labels: spec.labels,
    });
    expect(c.imageId).toBe(observed.images[TEST_IMAGE]);
    expect(c.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(c.ports.map((p) => p.host)).toContain(fixedPort);
    expect(c.ports).toHaveLength(2);
    const ephemeral = c.ports.find((p) => p.host !== fixedPort)!;
    expect(ephemeral).toMatchObject({ hostIP: "127.0.0.1", container: 8080, protocol: "tcp" });
    expect(observed.volumes.map((v) => v.name)).toEqual([`${project}_data`]);
    expect(observed.networks.map((n) => n.name)).toEqual([`${project}_default`]);

    expect((await httpGet(`http://127.0.0.1:${ephemeral.host}/index.html`)).trim()).toBe("hostwright ok");
    expect((await httpGet(`http://127.0.0.1:${fixedPort}/index.html`)).trim()).toBe("hostwright ok");

    // The alias resolves on the project network; env and the volume reached the container.
    const viaAlias = await adapter.exec(id, ["wget", "-qO-", "http://web:8080/index.html"], 10_000);
    expect(viaAlias).toMatchObject({ exitCode: 0, output: "hostwright ok\n", timedOut: false });
    const env = await adapter.exec(id, ["sh", "-c", 'echo "$GREETING" && touch /data/written'], 10_000);
    expect(env.output).toBe("hello from env\n");

    const hostConfig = JSON.parse(await dockerCliOk(["inspect", "-f", "{{json .HostConfig}}", id])) as Record<
      string,
      unknown
    >;
    expect(hostConfig).toMatchObject({
      RestartPolicy: { Name: "no" },
      Init: true,
      Memory: 64 * 1024 * 1024,
      NanoCpus: 500_000_000,
    });
    expect(await dockerCliOk(["inspect", "-f", "{{.Config.StopTimeout}}", id])).toBe("3");
  });

  it("reports a name conflict as HW-RUNTIME-003", async () => {
    const project = newProject("conflict");
    await withNetwork(project);
    await adapter.create(testContainerSpec(project, "web", 1));
    await expect(adapter.create(testContainerSpec(project, "web", 1))).rejects.toMatchObject({
      code: RuntimeErrorCode.conflict,
    });
  });
});

describe("DockerAdapter lifecycle idempotency", () => {
  it("starts, stops and removes twice each, and tolerates a missing id", async () => {
    const project = newProject("life");
    await withNetwork(project);
    const { id } = await adapter.create(testContainerSpec(project, "web", 1, { init: true }));

    await adapter.start(id);
    await adapter.start(id);
    expect((await adapter.inspect(id))?.state).toBe("running");

    await adapter.stop(id, 1000);
    await adapter.stop(id, 1000);
    const stopped = await adapter.inspect(id);
    expect(stopped?.state).toBe("exited");
    expect(stopped?.exitCode).toBeTypeOf("number");
    expect(stopped?.finishedAt).toBeDefined();

    await adapter.remove(id);
    await adapter.remove(id);
    expect(await adapter.inspect(id)).toBeUndefined();

    await adapter.remove("0123456789ab-missing");
    await adapter.stop("0123456789ab-missing", 1000);
    await expect(adapter.start("0123456789ab-missing")).rejects.toMatchObject({
      code: RuntimeErrorCode.notFound,
    });
  });
});

describe("name clashes", () => {
  it("lists an unlabelled <project>-web-1 as a clash, not as a project container", async () => {
    const project = newProject("clash");
    await dockerCliOk(["create", "--name", `${project}-web-1`, TEST_IMAGE]);
    // Not instance-shaped: never something Hostwright would create, so not a clash.
    await dockerCliOk(["create", "--name", `${project}-web-1-copy`, TEST_IMAGE]);

    const observed = await adapter.observe(project);
    expect(observed.containers).toEqual([]);
    expect(observed.clashes.map((c) => c.name)).toEqual([`${project}-web-1`]);
    expect(observed.clashes[0]?.state).toBe("created");
  });
});

describe("networks and volumes", () => {
  it("ensure and remove are idempotent and keep the labels given", async () => {
    const project = newProject("netvol");
    const labels = ownedLabels(project);
    await adapter.ensureNetwork(`${project}_default`, labels);
    await adapter.ensureNetwork(`${project}_default`, labels);
    await adapter.ensureVolume(`${project}_data`, labels);
    await adapter.ensureVolume(`${project}_data`, labels);

    const observed = await adapter.observe(project);
    expect(observed.networks).toEqual([{ id: expect.any(String), name: `${project}_default`, labels }]);
    expect(observed.volumes).toEqual([{ name: `${project}_data`, labels }]);
    const sameName = await dockerCliOk(["network", "ls", "-q", "--filter", `name=^${project}_default$`]);
    expect(sameName.split("\n")).toHaveLength(1);

    await adapter.removeNetwork(`${project}_default`);
    await adapter.removeNetwork(`${project}_default`);
    await adapter.removeVolume(`${project}_data`);
    await adapter.removeVolume(`${project}_data`);
    const after = await adapter.observe(project);
    expect(after.networks).toEqual([]);
    expect(after.volumes).toEqual([]);
  });

  it("does not remove a volume a container still uses", async () => {
    const project = newProject("inuse");
    await withNetwork(project);
    await adapter.ensureVolume(`${project}_data`, ownedLabels(project));
    await adapter.create(
      testContainerSpec(project, "web", 1, {
        volumes: [{ type: "volume", source: `${project}_data`, target: "/data", readOnly: false }],
      }),
    );
    const err = await adapter.removeVolume(`${project}_data`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HwError);
    expect((err as HwError).code).toBe(RuntimeErrorCode.conflict);
    expect((await dockerCli(["volume", "inspect", `${project}_data`])).exitCode).toBe(0);
  });
});
