import { spawn } from "node:child_process";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExitCode, HwError, type HwEvent } from "../../core/index.js";
import type { ApiHandlers } from "./api-types.js";
import { ApiClient } from "./client.js";
import { type ApiServer, startApiServer } from "./server.js";

let dir: string;
let socketPath: string;
let server: ApiServer | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "hw-api-"));
  socketPath = join(dir, "daemon.sock");
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

function event(n: number): HwEvent {
  return {
    type: "info",
    severity: "info",
    project: "demo",
    message: `event ${n}`,
    timestamp: new Date(Date.UTC(2024, 0, 1, 0, 0, n)).toISOString(),
    correlationId: `c${n}`,
  };
}

function handlers(overrides: Partial<ApiHandlers> = {}): ApiHandlers {
  return {
    status: async (project) => ({ project: project ?? null, summary: "nominal" }),
    plan: async (body) => ({ planned: body }),
    apply: async () => ({ applied: true }),
    pause: async (body) => ({ paused: body }),
    resume: async () => undefined,
    stop: async (body) => ({ stopped: body }),
    start: async (body) => ({ started: body }),
    events: async (_query, onEvent) => {
      for (const n of [1, 2, 3]) onEvent(event(n));
    },
    metrics: async () => "# HELP hostwright_up 1\nhostwright_up 1\n",
    ...overrides,
  };
}

/** A raw request, to see what the client hides: status codes and headers. */
function raw(
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { "content-type": "application/json" };
    const req = request({ socketPath, path, method, headers, agent: false }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        text += c;
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), text }),
      );
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function rejection(promise: Promise<unknown>): Promise<HwError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof HwError) return err;
    throw err;
  }
  throw new Error("expected a rejection");
}

describe("the socket", () => {
  it("answers pings only while the server runs, with mode 0600, and close removes it", async () => {
    const client = new ApiClient(socketPath);
    expect(await client.ping()).toBe(false);
    server = await startApiServer({ socketPath, handlers: handlers() });
    expect(await client.ping()).toBe(true);
    const info = await stat(socketPath);
    expect(info.isSocket()).toBe(true);
    expect(info.mode & 0o777).toBe(0o600);
    await server.close();
    server = undefined;
    await expect(stat(socketPath)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await client.ping()).toBe(false);
  });

  it("refuses a second server while the first answers", async () => {
    server = await startApiServer({ socketPath, handlers: handlers() });
    const err = await rejection(startApiServer({ socketPath, handlers: handlers() }));
    expect(err.code).toBe("HW-DAEMON-010");
    expect(err.message).toBe(`a daemon is already running (socket ${socketPath})`);
    expect(err.exitCode).toBe(ExitCode.locked);
    expect(await new ApiClient(socketPath).ping()).toBe(true);
  });

  it("cleans up a stale socket left by a crashed daemon", async () => {
    // A process that listens and is then SIGKILLed leaves its socket file behind, as a crash would.
    const child = spawn(
      process.execPath,
      [
        "-e",
        `require("node:net").createServer().listen(${JSON.stringify(socketPath)}, () => console.log("up"))`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect((await stat(socketPath)).isSocket()).toBe(true);
    expect(await new ApiClient(socketPath).ping()).toBe(false);

    server = await startApiServer({ socketPath, handlers: handlers() });
    expect(await new ApiClient(socketPath).ping()).toBe(true);
  });

  it("never deletes a file that is not a socket", async () => {
    await writeFile(socketPath, "precious");
    const err = await rejection(startApiServer({ socketPath, handlers: handlers() }));
    expect(err.code).toBe("HW-DAEMON-011");
    expect((await stat(socketPath)).isFile()).toBe(true);
  });

  it("rejects a socket path longer than the system allows", async () => {
    const err = await rejection(
      startApiServer({ socketPath: join(dir, "x".repeat(120)), handlers: handlers() }),
    );
    expect(err.code).toBe("HW-DAEMON-012");
  });
});

describe("routes", () => {
  it("round-trips JSON through the handlers", async () => {
    server = await startApiServer({ socketPath, handlers: handlers() });
    const client = new ApiClient(socketPath);
    expect(await client.get("/v1/status", { project: "demo" })).toEqual({
      project: "demo",
      summary: "nominal",
    });
    expect(await client.get("/v1/status")).toEqual({ project: null, summary: "nominal" });
    expect(await client.post("/v1/plan", { manifest: "x" })).toEqual({ planned: { manifest: "x" } });
    expect(await client.post("/v1/apply")).toEqual({ applied: true });
    expect(await client.post("/v1/pause", { service: "api" })).toEqual({ paused: { service: "api" } });
    expect(await client.post("/v1/resume")).toEqual({ ok: true });
    // The dashboard's read-only plan of the stored desired state, and operator stop/start.
    expect(await client.get("/v1/plan", { project: "demo" })).toEqual({ planned: { project: "demo" } });
    expect(await client.post("/v1/stop", { project: "demo" })).toEqual({ stopped: { project: "demo" } });
    expect(await client.post("/v1/start", { project: "demo" })).toEqual({ started: { project: "demo" } });
  });

  it("serves Prometheus text at /metrics", async () => {
    server = await startApiServer({ socketPath, handlers: handlers() });
    const res = await raw("GET", "/metrics");
    expect(res.status).toBe(200);
    expect(res.type).toContain("text/plain");
    expect(res.text).toContain("hostwright_up 1");
  });

  it("maps HwError to a status and a JSON body the client turns back into HwError", async () => {
    const thrown = {
      locked: new HwError("HW-STORE-003", "state is locked by pid 42", {
        hint: "wait",
        exitCode: ExitCode.locked,
      }),
      runtime: new HwError("HW-RUNTIME-001", "docker is not running", {
        exitCode: ExitCode.runtimeUnavailable,
      }),
      usage: new HwError("HW-CLI-001", "unknown service x", { exitCode: ExitCode.usage }),
    };
    server = await startApiServer({
      socketPath,
      handlers: handlers({
        plan: async () => {
          throw thrown.locked;
        },
        apply: async () => {
          throw thrown.runtime;
        },
        pause: async () => {
          throw thrown.usage;
        },
        resume: async () => {
          throw new Error("boom");
        },
      }),
    });
    expect((await raw("POST", "/v1/plan", "{}")).status).toBe(409);
    expect(JSON.parse((await raw("POST", "/v1/plan", "{}")).text)).toEqual({
      error: { code: "HW-STORE-003", message: "state is locked by pid 42", hint: "wait", exitCode: 75 },
    });
    expect((await raw("POST", "/v1/apply", "{}")).status).toBe(503);
    expect((await raw("POST", "/v1/pause", "{}")).status).toBe(400);
    expect((await raw("POST", "/v1/resume", "{}")).status).toBe(500);

    const client = new ApiClient(socketPath);
    const locked = await rejection(client.post("/v1/plan", {}));
    expect(locked).toMatchObject({
      code: "HW-STORE-003",
      message: "state is locked by pid 42",
      hint: "wait",
    });
    expect(locked.exitCode).toBe(ExitCode.locked);
    expect((await rejection(client.post("/v1/apply"))).exitCode).toBe(ExitCode.runtimeUnavailable);
    const internal = await rejection(client.post("/v1/resume"));
    expect(internal.code).toBe("HW-DAEMON-015");
    expect(internal.message).toContain("boom");
  });

  it("answers malformed JSON with 400 and unknown routes with 404", async () => {
    server = await startApiServer({ socketPath, handlers: handlers() });
    const bad = await raw("POST", "/v1/plan", "{not json");
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.code).toBe("HW-DAEMON-013");
    const missing = await raw("GET", "/v2/nothing");
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error.code).toBe("HW-DAEMON-014");
    expect((await rejection(new ApiClient(socketPath).get("/v2/nothing"))).code).toBe("HW-DAEMON-014");
  });

  it("reports a missing daemon as HW-DAEMON-016", async () => {
    const err = await rejection(new ApiClient(socketPath).get("/v1/status"));
    expect(err.code).toBe("HW-DAEMON-016");
    expect(err.message).toContain(socketPath);
  });
});

describe("the events stream", () => {
  it("streams past events as NDJSON and ends", async () => {
    server = await startApiServer({ socketPath, handlers: handlers() });
    const seen: string[] = [];
    await new ApiClient(socketPath).streamEvents({}, (e) => seen.push(e.message));
    expect(seen).toEqual(["event 1", "event 2", "event 3"]);
    const res = await raw("GET", "/v1/events");
    expect(res.type).toContain("application/x-ndjson");
    expect(res.text.split("\n")).toHaveLength(4);
  });

  it("follows until the client aborts, and the handler sees the abort", async () => {
    let handlerAborted!: () => void;
    const aborted = new Promise<void>((resolve) => {
      handlerAborted = resolve;
    });
    const queries: unknown[] = [];
    server = await startApiServer({
      socketPath,
      handlers: handlers({
        events: (query, onEvent, signal) => {
          queries.push(query);
          onEvent(event(1));
          const tick = setInterval(() => onEvent(event(2)), 20);
          return new Promise((resolve) =>
            signal.addEventListener("abort", () => {
              clearInterval(tick);
              handlerAborted();
              resolve();
            }),
          );
        },
      }),
    });
    const controller = new AbortController();
    const seen: string[] = [];
    await new ApiClient(socketPath).streamEvents(
      { follow: true, service: "api", limit: 10 },
      (e) => {
        seen.push(e.message);
        if (seen.length === 3) controller.abort();
      },
      controller.signal,
    );
    expect(seen).toEqual(["event 1", "event 2", "event 2"]);
    await aborted;
    expect(queries).toEqual([{ follow: true, service: "api", limit: 10 }]);
  });

  it("ends open follow streams when the server closes", async () => {
    server = await startApiServer({
      socketPath,
      handlers: handlers({
        events: (_q, onEvent, signal) => {
          onEvent(event(1));
          return new Promise((resolve) => signal.addEventListener("abort", () => resolve()));
        },
      }),
    });
    const seen: string[] = [];
    let first!: () => void;
    const gotFirst = new Promise<void>((resolve) => {
      first = resolve;
    });
    const streaming = new ApiClient(socketPath).streamEvents({ follow: true }, (e) => {
      seen.push(e.message);
      first();
    });
    await gotFirst;
    await server.close();
    server = undefined;
    await streaming;
    expect(seen).toEqual(["event 1"]);
  });

  it("closes even when a handler ignores the abort", async () => {
    let started!: () => void;
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    server = await startApiServer({
      socketPath,
      handlers: handlers({
        events: () => {
          started();
          return new Promise(() => undefined);
        },
      }),
    });
    const streaming = new ApiClient(socketPath).streamEvents({ follow: true }, () => undefined);
    await handlerStarted;
    await server.close();
    server = undefined;
    await streaming;
    await expect(stat(socketPath)).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("turns a failure mid-stream into the daemon's HwError", async () => {
    server = await startApiServer({
      socketPath,
      handlers: handlers({
        events: async (_q, onEvent) => {
          onEvent(event(1));
          throw new HwError("HW-STORE-001", "event log unreadable", { hint: "run hostwright doctor" });
        },
      }),
    });
    const seen: string[] = [];
    const err = await rejection(new ApiClient(socketPath).streamEvents({}, (e) => seen.push(e.message)));
    expect(err).toMatchObject({ code: "HW-STORE-001", hint: "run hostwright doctor" });
    expect(seen).toEqual(["event 1"]);
  });

  it("rejects a bad query with 400 before streaming", async () => {
    server = await startApiServer({ socketPath, handlers: handlers() });
    expect((await raw("GET", "/v1/events?since=yesterday")).status).toBe(400);
    const err = await rejection(new ApiClient(socketPath).streamEvents({ limit: -1 }, () => undefined));
    expect(err.code).toBe("HW-DAEMON-013");
  });
});
