import { writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeEngine, sendJson, startFakeEngine } from "../../../test/harness/fake-engine.js";
import { ExitCode, HwError, RuntimeErrorCode } from "../../core/index.js";
import { compareApiVersions, EngineClient } from "./engine-client.js";

let engine: FakeEngine | undefined;
let client: EngineClient | undefined;

afterEach(async () => {
  await client?.close();
  await engine?.close();
  client = undefined;
  engine = undefined;
});

async function failure(p: Promise<unknown>): Promise<HwError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof HwError)) throw new Error(`expected an HwError, got ${String(err)}`);
  return err;
}

describe("API version negotiation", () => {
  it("pings first and uses the server's version when it is older than ours", async () => {
    engine = await startFakeEngine({ apiVersion: "1.41" });
    engine.route("GET /info", (_req, res) => sendJson(res, 200, { ok: true }));
    client = new EngineClient(engine.host);
    expect(await client.json({ path: "/info" })).toEqual({ ok: true });
    expect(engine.requests.map((r) => r.url)).toEqual(["/_ping", "/v1.41/info"]);
    expect(client.apiVersion).toBe("1.41");
  });

  it("caps at our version when the server is newer, and pings only once", async () => {
    engine = await startFakeEngine({ apiVersion: "1.51" });
    engine.route("GET /info", (_req, res) => sendJson(res, 200, {}));
    client = new EngineClient(engine.host);
    await Promise.all([client.json({ path: "/info" }), client.json({ path: "/info" })]);
    expect(engine.requests.map((r) => r.url)).toEqual(["/_ping", "/v1.44/info", "/v1.44/info"]);
    expect(client.requestCount).toBe(3);
  });

  it("compares versions numerically", () => {
    expect(compareApiVersions("1.9", "1.41")).toBeLessThan(0);
    expect(compareApiVersions("1.44", "1.44")).toBe(0);
    expect(compareApiVersions("2.0", "1.44")).toBeGreaterThan(0);
  });

  it("recognises Podman from its ping headers", async () => {
    engine = await startFakeEngine({ server: "Libpod/4.3.1 (linux)" });
    client = new EngineClient(engine.host);
    expect(client.isPodman).toBe(false);
    await client.ping();
    expect(client.isPodman).toBe(true);
  });
});

describe("requests", () => {
  it("sends the query and a JSON body", async () => {
    engine = await startFakeEngine();
    engine.route("POST /things", (req, res) =>
      sendJson(res, 201, { got: JSON.parse(req.body), q: req.query.get("a") }),
    );
    client = new EngineClient(engine.host);
    const answer = await client.json({
      method: "POST",
      path: "/things",
      query: { a: 1, skip: undefined },
      body: { x: 1 },
    });
    expect(answer).toEqual({ got: { x: 1 }, q: "1" });
    expect(engine.requests.at(-1)?.url).toBe("/v1.41/things?a=1");
  });

  it("accepts the statuses a caller declares as fine", async () => {
    engine = await startFakeEngine();
    engine.route("POST /containers/x/start", (_req, res) => {
      res.writeHead(304);
      res.end();
    });
    client = new EngineClient(engine.host);
    expect(await client.call({ method: "POST", path: "/containers/x/start", accept: [304] })).toBe(304);
  });
});

describe("error mapping", () => {
  it("maps 404, 409 and 500 to notFound, conflict and failed with the engine's message", async () => {
    engine = await startFakeEngine();
    engine.route("GET /a", (_req, res) => sendJson(res, 404, { message: "No such container: a" }));
    engine.route("GET /b", (_req, res) => sendJson(res, 409, { message: "name already in use" }));
    engine.route("GET /c", (_req, res) => sendJson(res, 500, { message: "driver failed" }));
    engine.route("GET /d", (_req, res) => {
      res.writeHead(400);
      res.end("plain text problem");
    });
    client = new EngineClient(engine.host);

    const notFound = await failure(client.json({ path: "/a", what: "inspect a" }));
    expect(notFound).toMatchObject({
      code: RuntimeErrorCode.notFound,
      message: "inspect a: No such container: a",
    });
    expect((await failure(client.json({ path: "/b" }))).code).toBe(RuntimeErrorCode.conflict);
    const failed = await failure(client.json({ path: "/c" }));
    expect(failed).toMatchObject({ code: RuntimeErrorCode.failed, retryable: true });
    expect(failed.message).toContain("driver failed");
    const bad = await failure(client.json({ path: "/d" }));
    expect(bad).toMatchObject({ code: RuntimeErrorCode.failed, retryable: false });
    expect(bad.message).toContain("plain text problem");
  });

  it("maps a missing socket (ENOENT) to unavailable, exit 69, with a how-to-start hint", async () => {
    client = new EngineClient("unix:///nonexistent/hostwright/docker.sock");
    const err = await failure(client.ping());
    expect(err).toMatchObject({ code: RuntimeErrorCode.unavailable, exitCode: ExitCode.runtimeUnavailable });
    expect(err.message).toContain("/nonexistent/hostwright/docker.sock");
    expect(err.hint).toContain("bash scripts/engine.sh start");
  });

  it("maps a refused connection to unavailable", async () => {
    engine = await startFakeEngine();
    // A plain file where the socket should be: connect() is refused.
    const path = join(engine.socketPath, "..", "stale.sock");
    writeFileSync(path, "");
    client = new EngineClient(`unix://${path}`);
    expect(await failure(client.json({ path: "/info" }))).toMatchObject({
      code: RuntimeErrorCode.unavailable,
      exitCode: 69,
    });
  });

  it("rejects addresses it cannot speak", () => {
    expect(() => new EngineClient("ssh://me@host")).toThrow(HwError);
    expect(() => new EngineClient("npipe:////./pipe/docker_engine")).toThrow(/unsupported engine address/);
  });
});

describe("tcp://", () => {
  it("talks plain HTTP to host:port", async () => {
    const server = createServer((req, res) => {
      res.setHeader("Api-Version", "1.43");
      if (req.url === "/_ping") res.end("OK");
      else sendJson(res, 200, { url: req.url });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    client = new EngineClient(`tcp://127.0.0.1:${port}`);
    expect(await client.json({ path: "/version" })).toEqual({ url: "/v1.43/version" });
    await client.close();
    client = undefined;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
});
