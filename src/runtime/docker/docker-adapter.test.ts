/** DockerAdapter against a scripted fake engine: call counts, stream handling and failure paths. */
import { afterEach, describe, expect, it } from "vitest";
import { type FakeEngine, muxFrame, sendJson, startFakeEngine } from "../../../test/harness/fake-engine.js";
import { RuntimeErrorCode, type RuntimeEvent } from "../../core/index.js";
import { createDockerAdapter, type DockerAdapter } from "./docker-adapter.js";

let engine: FakeEngine;
let adapter: DockerAdapter;

async function setup(opts: { server?: string } = {}): Promise<void> {
  engine = await startFakeEngine(opts);
  adapter = createDockerAdapter({ host: engine.host });
}

afterEach(async () => {
  await adapter.close();
  await engine.close();
});

const summary = (name: string, labels: Record<string, string>, image = "app:1") => ({
  Id: `id-${name}`,
  Names: [`/${name}`],
  Image: image,
  ImageID: "sha256:app1",
  State: "running",
  Status: "Up 1 minute",
  Labels: labels,
  Ports: [],
});

describe("observe", () => {
  it("uses seven list calls with label and name filters, and sorts out clashes", async () => {
    await setup();
    const owned = { "dev.hostwright.project": "shop" };
    engine.route("GET /containers/json", (req, res) => {
      const filters = JSON.parse(req.query.get("filters") ?? "{}") as Record<string, string[]>;
      if (filters.label)
        return sendJson(res, 200, [summary("shop-web-2", owned), summary("shop-web-1", owned)]);
      return sendJson(res, 200, [
        summary("shop-web-1", owned),
        summary("shop-api-1", {}),
        summary("shop-api-1-old", {}),
        summary("shop-db-1", { "dev.hostwright.project": "other" }, "sha256:app1"),
      ]);
    });
    const byName = (req: { query: URLSearchParams }) => Boolean(req.query.get("filters")?.includes('"name"'));
    engine.route("GET /volumes", (req, res) =>
      byName(req)
        ? sendJson(res, 200, {
            Volumes: [
              { Name: "shop_data", Labels: owned },
              { Name: "myshop_x", Labels: {} },
            ],
          })
        : sendJson(res, 200, { Volumes: [{ Name: "shop_data", Labels: owned }] }),
    );
    // A hand-made network under our name is observed (with its labels) so the planner can refuse it.
    engine.route("GET /networks", (req, res) =>
      byName(req)
        ? sendJson(res, 200, [{ Id: "n2", Name: "shop_front", Labels: {} }])
        : sendJson(res, 200, [{ Id: "n1", Name: "shop_default", Labels: owned }]),
    );
    engine.route("GET /images/json", (_req, res) =>
      sendJson(res, 200, [{ Id: "sha256:app1", RepoTags: ["app:1"], RepoDigests: [] }]),
    );

    const observed = await adapter.observe("shop");

    const calls = engine.requests.filter((r) => r.path !== "/_ping");
    expect(calls).toHaveLength(7);
    const filters = calls.map((r) => `${r.path} ${r.query.get("filters") ?? ""}`).sort();
    expect(filters).toEqual([
      '/containers/json {"label":["dev.hostwright.project=shop"]}',
      '/containers/json {"name":["shop-"]}',
      "/images/json ",
      '/networks {"label":["dev.hostwright.project=shop"]}',
      '/networks {"name":["shop_"]}',
      '/volumes {"label":["dev.hostwright.project=shop"]}',
      '/volumes {"name":["shop_"]}',
    ]);
    expect(
      calls.filter((r) => r.path === "/containers/json").every((r) => r.query.get("all") === "true"),
    ).toBe(true);
    expect(observed.containers.map((c) => c.name)).toEqual(["shop-web-1", "shop-web-2"]);
    expect(observed.clashes.map((c) => c.name)).toEqual(["shop-api-1", "shop-db-1"]);
    expect(observed.volumes).toEqual([{ name: "shop_data", labels: owned }]);
    expect(observed.networks).toEqual([
      { id: "n1", name: "shop_default", labels: owned },
      { id: "n2", name: "shop_front", labels: {} },
    ]);
    expect(observed.images["app:1"]).toBe("sha256:app1");
    expect(observed.images["docker.io/library/app:1"]).toBe("sha256:app1");
    expect(observed.images["sha256:app1"]).toBe("sha256:app1");
    expect(observed.runtime).toBe("docker");
  });

  it("calls itself podman once the engine says so", async () => {
    await setup({ server: "Libpod/4.9.3 (linux)" });
    for (const route of ["GET /containers/json", "GET /networks", "GET /images/json"]) {
      engine.route(route, (_req, res) => sendJson(res, 200, []));
    }
    engine.route("GET /volumes", (_req, res) => sendJson(res, 200, { Volumes: null }));
    expect((await adapter.observe("shop")).runtime).toBe("podman");
    expect(adapter.name).toBe("podman");
  });
});

describe("exec", () => {
  it("demultiplexes the output and reads the exit code from the exec's inspect", async () => {
    await setup();
    engine.route("POST /containers/c1/exec", (req, res) => {
      expect(JSON.parse(req.body)).toMatchObject({
        Cmd: ["sh", "-c", "x"],
        AttachStdout: true,
        AttachStderr: true,
      });
      sendJson(res, 201, { Id: "e1" });
    });
    engine.route("POST /exec/e1/start", (_req, res) => {
      res.writeHead(200, { "content-type": "application/vnd.docker.raw-stream" });
      res.write(muxFrame(1, "hello "));
      res.end(muxFrame(2, "world"));
    });
    engine.route("GET /exec/e1/json", (_req, res) => sendJson(res, 200, { ExitCode: 7, Running: false }));
    expect(await adapter.exec("c1", ["sh", "-c", "x"], 5000)).toEqual({
      exitCode: 7,
      output: "hello world",
      timedOut: false,
    });
  });

  it("gives up at the timeout with what it has read so far", async () => {
    await setup();
    engine.route("POST /containers/c1/exec", (_req, res) => sendJson(res, 201, { Id: "e2" }));
    engine.route("POST /exec/e2/start", (_req, res) => {
      res.writeHead(200, { "content-type": "application/vnd.docker.raw-stream" });
      res.write(muxFrame(1, "partial"));
      // never ends
    });
    const result = await adapter.exec("c1", ["sleep", "100"], 300);
    expect(result).toEqual({ exitCode: -1, output: "partial", timedOut: true });
    expect(engine.requests.some((r) => r.path === "/exec/e2/json")).toBe(false);
  });
});

describe("ensureImage", () => {
  it("pulls a missing image, forwarding progress lines", async () => {
    await setup();
    let present = false;
    engine.route("GET /images/app:2/json", (_req, res) =>
      present
        ? sendJson(res, 200, { Id: "sha256:app2", RepoDigests: ["app@sha256:d2"] })
        : sendJson(res, 404, { message: "No such image: app:2" }),
    );
    engine.route("POST /images/create", (req, res) => {
      expect([req.query.get("fromImage"), req.query.get("tag")]).toEqual(["app", "2"]);
      present = true;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        '{"status":"Pulling from library/app","id":"2"}\n{"status":"Downloading","id":"abc","progress":"[=> ]"}\n',
      );
    });
    const progress: string[] = [];
    const info = await adapter.ensureImage("app:2", {
      requireDigest: false,
      onProgress: (m) => progress.push(m),
    });
    expect(info).toEqual({
      ref: "app:2",
      id: "sha256:app2",
      digests: ["app@sha256:d2"],
      digest: "sha256:d2",
      pulled: true,
    });
    expect(progress).toEqual(["2 Pulling from library/app", "abc Downloading [=> ]"]);
  });

  it("turns an error line in a 200 pull stream into imageMissing", async () => {
    await setup();
    engine.route("GET /images/app:3/json", (_req, res) => sendJson(res, 404, { message: "No such image" }));
    engine.route("POST /images/create", (_req, res) => {
      res.writeHead(200);
      res.end(
        '{"status":"Pulling"}\n{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown"}\n',
      );
    });
    const err = await adapter.ensureImage("app:3", { requireDigest: false }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: RuntimeErrorCode.imageMissing });
    expect((err as Error).message).toContain("manifest unknown");
  });

  it("turns a refused pull (HTTP 500) into imageMissing with the no-registry hint", async () => {
    await setup();
    engine.route("GET /images/app:4/json", (_req, res) => sendJson(res, 404, { message: "No such image" }));
    engine.route("POST /images/create", (_req, res) =>
      sendJson(res, 500, { message: "dial tcp: lookup registry" }),
    );
    await expect(adapter.ensureImage("app:4", { requireDigest: false })).rejects.toMatchObject({
      code: RuntimeErrorCode.imageMissing,
      hint: expect.stringContaining("no registry reachable"),
    });
  });

  it("checks the pinned digest under require-digest", async () => {
    await setup();
    engine.route("GET /images/app@sha256:d2/json", (_req, res) =>
      sendJson(res, 200, { Id: "sha256:app2", RepoDigests: ["app@sha256:d2"] }),
    );
    engine.route("GET /images/app@sha256:ff/json", (_req, res) =>
      sendJson(res, 200, { Id: "sha256:app2", RepoDigests: ["app@sha256:d2"] }),
    );
    expect((await adapter.ensureImage("app@sha256:d2", { requireDigest: true })).id).toBe("sha256:app2");
    await expect(adapter.ensureImage("app@sha256:ff", { requireDigest: true })).rejects.toMatchObject({
      code: RuntimeErrorCode.digestMismatch,
    });
  });
});

describe("events", () => {
  it("maps NDJSON events and ends cleanly when aborted", async () => {
    await setup();
    engine.route("GET /events", (req, res) => {
      expect(JSON.parse(req.query.get("filters") ?? "")).toEqual({
        type: ["container"],
        label: ["dev.hostwright.project=shop"],
      });
      res.writeHead(200, { "content-type": "application/json" });
      // timeNano is beyond a double's precision, as in real engine output: only ms matter.
      res.write(
        '{"Type":"container","Action":"die","Actor":{"ID":"c1","Attributes":{"dev.hostwright.project":"shop",' +
          '"name":"shop-web-1","exitCode":"137"}},"time":1800000000,"timeNano":1800000000123456789}\n' +
          '{"Type":"container","Action":"exec_start: sh -c true","Actor":{"ID":"c1","Attributes":{}}',
      );
      res.write(',"time":1800000001}\n');
      // stays open, like the real stream
    });
    const abort = new AbortController();
    const events: RuntimeEvent[] = [];
    for await (const e of adapter.events("shop", abort.signal)) {
      events.push(e);
      if (events.length === 2) abort.abort();
    }
    expect(events).toEqual([
      {
        action: "die",
        containerId: "c1",
        labels: { "dev.hostwright.project": "shop" },
        time: "2027-01-15T08:00:00.123Z",
      },
      { action: "exec_start", containerId: "c1", labels: {}, time: "2027-01-15T08:00:01.000Z" },
    ]);
  });
});

describe("remove", () => {
  it("treats 'removal already in progress' as done but reports other conflicts", async () => {
    await setup();
    engine.route("DELETE /containers/a", (_req, res) =>
      sendJson(res, 409, { message: "removal of container a is already in progress" }),
    );
    engine.route("DELETE /containers/b", (_req, res) => sendJson(res, 409, { message: "something else" }));
    await adapter.remove("a");
    await expect(adapter.remove("b")).rejects.toMatchObject({ code: RuntimeErrorCode.conflict });
    expect(engine.requests.find((r) => r.path === "/containers/a")?.query.toString()).toBe(
      "force=true&v=false",
    );
  });
});
