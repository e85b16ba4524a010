/**
 * One behavioural suite for every RuntimeAdapter: what the reconciler relies on, asserted the
 * same way against each runtime. Each test works in its own project and cleans up after itself.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type ContainerCreateSpec,
  containerName,
  isHwError,
  Labels,
  type RuntimeAdapter,
  RuntimeErrorCode,
} from "../../src/core/index.js";

export interface ConformanceTarget {
  adapter: RuntimeAdapter;
  image: string;
  cleanup(): Promise<void>;
}

export interface ConformanceOptions {
  /** argv that prints the value of an environment variable inside the container. */
  execEcho?: (envName: string) => string[];
}

/** Keeps running until stopped, and stops promptly on SIGTERM even as PID 1. */
const LONG_RUNNING = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];

const defaultExecEcho = (envName: string) => ["sh", "-c", `echo "$${envName}"`];

function freshProject(): string {
  return `cf-${randomBytes(4).toString("hex")}`;
}

async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function defineConformanceSuite(
  name: string,
  makeAdapter: () => Promise<ConformanceTarget>,
  options: ConformanceOptions = {},
): void {
  const execEcho = options.execEcho ?? defaultExecEcho;

  describe(`runtime conformance: ${name}`, () => {
    let target: ConformanceTarget;
    let adapter: RuntimeAdapter;
    const projects: string[] = [];

    const project = () => {
      const p = freshProject();
      projects.push(p);
      return p;
    };

    const spec = (p: string, overrides: Partial<ContainerCreateSpec> = {}): ContainerCreateSpec => ({
      name: containerName(p, "web", 1),
      image: target.image,
      labels: {
        [Labels.managed]: "true",
        [Labels.project]: p,
        [Labels.service]: "web",
        [Labels.instance]: "1",
        [Labels.specHash]: "conformance",
      },
      command: LONG_RUNNING,
      init: false,
      env: {},
      ports: [],
      volumes: [],
      readOnlyRootFilesystem: false,
      stopGracePeriodMs: 2000,
      ...overrides,
    });

    beforeAll(async () => {
      target = await makeAdapter();
      adapter = target.adapter;
      await adapter.ping();
      await adapter.ensureImage(target.image, { requireDigest: false });
    });

    afterEach(async () => {
      for (const p of projects.splice(0)) {
        const observed = await adapter.observe(p);
        for (const c of [...observed.containers, ...observed.clashes]) await adapter.remove(c.id);
        for (const n of observed.networks) await adapter.removeNetwork(n.name);
        for (const v of observed.volumes) await adapter.removeVolume(v.name);
      }
    });

    afterAll(async () => {
      await target?.cleanup();
    });

    it("observes an empty project", async () => {
      const p = project();
      const observed = await adapter.observe(p);
      expect(observed.project).toBe(p);
      expect(observed.runtime).toBe(adapter.name);
      expect(Number.isNaN(Date.parse(observed.takenAt))).toBe(false);
      expect(observed.containers).toEqual([]);
      expect(observed.clashes).toEqual([]);
      expect(observed.volumes).toEqual([]);
      expect(observed.networks).toEqual([]);
    });

    it("creates, starts, stops and removes a container", async () => {
      const p = project();
      const { id } = await adapter.create(spec(p));
      let [c] = (await adapter.observe(p)).containers;
      expect(c?.name).toBe(containerName(p, "web", 1));
      expect(c?.state).toBe("created");

      await adapter.start(id);
      expect((await adapter.inspect(id))?.state).toBe("running");
      [c] = (await adapter.observe(p)).containers;
      expect(c?.state).toBe("running");

      await adapter.stop(id, 2000);
      expect((await adapter.inspect(id))?.state).toBe("exited");

      await adapter.remove(id);
      expect((await adapter.observe(p)).containers).toEqual([]);
      expect(await adapter.inspect(id)).toBeUndefined();
    });

    it("start and stop are idempotent", async () => {
      const p = project();
      const { id } = await adapter.create(spec(p));
      await adapter.start(id);
      await adapter.start(id);
      expect((await adapter.inspect(id))?.state).toBe("running");
      await adapter.stop(id, 2000);
      await adapter.stop(id, 2000);
      expect((await adapter.inspect(id))?.state).toBe("exited");
    });

    it("remove is idempotent; stop and remove of a missing container succeed", async () => {
      const p = project();
      const { id } = await adapter.create(spec(p));
      await adapter.remove(id);
      await adapter.remove(id);
      await expect(adapter.stop(containerName(p, "gone", 1), 1000)).resolves.toBeUndefined();
      await expect(adapter.remove(containerName(p, "gone", 1))).resolves.toBeUndefined();
      expect((await adapter.observe(p)).containers).toEqual([]);
    });

    it("refuses a second container with the same name as a conflict", async () => {
      const p = project();
      await adapter.create(spec(p));
      const err = await adapter.create(spec(p)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isHwError(err) && err.code).toBe(RuntimeErrorCode.conflict);
    });

    it("reports a container named like ours without our labels as a clash", async () => {
      const p = project();
      await adapter.create(spec(p, { labels: {} }));
      const observed = await adapter.observe(p);
      expect(observed.containers).toEqual([]);
      expect(observed.clashes.map((c) => c.name)).toEqual([containerName(p, "web", 1)]);
    });

    it("round-trips labels, including values with '=', '%' and empty values", async () => {
      const p = project();
      const labels = {
        ...spec(p).labels,
        "example.note": "a=b c=d",
        "example.percent": "100%3D",
        "example.empty": "",
      };
      await adapter.create(spec(p, { labels }));
      const [c] = (await adapter.observe(p)).containers;
      for (const [key, value] of Object.entries(labels)) expect(c?.labels[key], key).toBe(value);
    });

    it("ensures, observes and removes labelled networks and volumes, idempotently", async () => {
      const p = project();
      const labels = { [Labels.managed]: "true", [Labels.project]: p, [Labels.resource]: "data" };
      await adapter.ensureNetwork(`${p}_default`, labels);
      await adapter.ensureNetwork(`${p}_default`, labels);
      await adapter.ensureVolume(`${p}_data`, labels);
      await adapter.ensureVolume(`${p}_data`, labels);
      let observed = await adapter.observe(p);
      expect(observed.networks.map((n) => n.name)).toEqual([`${p}_default`]);
      expect(observed.networks[0]?.labels).toMatchObject(labels);
      expect(observed.volumes.map((v) => v.name)).toEqual([`${p}_data`]);
      expect(observed.volumes[0]?.labels).toMatchObject(labels);
      for (let i = 0; i < 2; i++) {
        await adapter.removeNetwork(`${p}_default`);
        await adapter.removeVolume(`${p}_data`);
      }
      observed = await adapter.observe(p);
      expect(observed.networks).toEqual([]);
      expect(observed.volumes).toEqual([]);
    });

    it("shows published ports in observe", async () => {
      const p = project();
      const host = await freeTcpPort();
      // A project network: engines without a default bridge publish ports only on one.
      const network = `${p}_default`;
      await adapter.ensureNetwork(network, { [Labels.managed]: "true", [Labels.project]: p });
      const { id } = await adapter.create(
        spec(p, {
          ports: [{ hostIP: "127.0.0.1", host, container: 8080, protocol: "tcp" }],
          network: { name: network, aliases: ["web"] },
        }),
      );
      await adapter.start(id);
      const [c] = (await adapter.observe(p)).containers;
      expect(c?.ports).toContainEqual({ hostIP: "127.0.0.1", host, container: 8080, protocol: "tcp" });
    });

    it("makes env visible to exec, and reports exit codes", async () => {
      const p = project();
      const { id } = await adapter.create(spec(p, { env: { GREETING: "hello conformance" } }));
      await adapter.start(id);
      const echoed = await adapter.exec(id, execEcho("GREETING"), 10_000);
      expect(echoed).toMatchObject({ exitCode: 0, timedOut: false });
      expect(echoed.output.trim()).toBe("hello conformance");
      const failed = await adapter.exec(id, ["sh", "-c", "exit 3"], 10_000);
      expect(failed).toMatchObject({ exitCode: 3, timedOut: false });
    });

    it("gives up on exec at the timeout", async () => {
      const p = project();
      const { id } = await adapter.create(spec(p));
      await adapter.start(id);
      const result = await adapter.exec(id, ["sleep", "30"], 500);
      expect(result.timedOut).toBe(true);
    });

    it("inspect of a missing container is undefined", async () => {
      expect(await adapter.inspect(containerName(freshProject(), "none", 1))).toBeUndefined();
    });
  });
}
