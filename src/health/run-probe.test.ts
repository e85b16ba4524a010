import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from "node:http";
import { type AddressInfo, createServer as createTcpServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ExecResult, ProbeAction, RuntimeAdapter } from "../core/index.js";
import { type ProbeTarget, runProbe } from "./index.js";

type Exec = Pick<RuntimeAdapter, "exec">;
const noExec: Exec = {
  exec: () => Promise.reject(new Error("exec must not be called for network probes")),
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
    closers.push(
      () =>
        new Promise<void>((done) => {
          if ("closeAllConnections" in server) server.closeAllConnections();
          server.close(() => done());
        }),
    );
  });
}

/** A port on 127.0.0.1 that nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  const port = await new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const direct = (): ProbeTarget => ({ containerId: "c1", ip: "127.0.0.1", ports: [] });
const http = (port: number, path = "/healthz", headers: Record<string, string> = {}): ProbeAction => ({
  kind: "http",
  port,
  path,
  scheme: "http",
  headers,
});

describe("runProbe exec", () => {
  function stub(result: ExecResult | Error): Exec & { calls: unknown[][] } {
    const calls: unknown[][] = [];
    return {
      calls,
      exec: (...args: unknown[]) => {
        calls.push(args);
        return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
      },
    };
  }
  const action: ProbeAction = { kind: "exec", command: ["pg_isready", "-q"] };

  it("passes on exit code 0 and hands the runtime the container, command and timeout", async () => {
    const runtime = stub({ exitCode: 0, output: "accepting connections", timedOut: false });
    const result = await runProbe(runtime, direct(), action, { timeoutMs: 1234 });
    expect(result).toMatchObject({ ok: true, output: "accepting connections" });
    expect(result.error).toBeUndefined();
    expect(Number.isNaN(Date.parse(result.at))).toBe(false);
    expect(runtime.calls).toEqual([["c1", ["pg_isready", "-q"], 1234]]);
  });

  it("fails on a non-zero exit, on a timeout even with exit 0, and when exec throws", async () => {
    const nonZero = await runProbe(stub({ exitCode: 2, output: "no", timedOut: false }), direct(), action, {
      timeoutMs: 10,
    });
    expect(nonZero).toMatchObject({ ok: false, output: "no", error: "exited with code 2" });
    const timedOut = await runProbe(stub({ exitCode: 0, output: "", timedOut: true }), direct(), action, {
      timeoutMs: 10,
    });
    expect(timedOut).toMatchObject({ ok: false, error: "timed out after 10ms" });
    const gone = await runProbe(stub(new Error("no such container")), direct(), action, { timeoutMs: 10 });
    expect(gone).toMatchObject({ ok: false, error: "no such container" });
  });

  it("caps the output at 4 KiB", async () => {
    const result = await runProbe(
      stub({ exitCode: 0, output: "é".repeat(5000), timedOut: false }),
      direct(),
      action,
      { timeoutMs: 10 },
    );
    expect(Buffer.byteLength(result.output)).toBe(4096);
  });
});

describe("runProbe http", () => {
  async function server(
    handler: (path: string, headers: IncomingHttpHeaders) => [number, string],
  ): Promise<number> {
    return listen(
      createHttpServer((req, res) => {
        const [status, body] = handler(req.url ?? "", req.headers);
        res.writeHead(status, { location: "/elsewhere" }).end(body);
      }),
    );
  }

  it("passes on 2xx with path and headers sent, and reports status and body", async () => {
    const seen: string[] = [];
    const port = await server((path, headers) => {
      seen.push(`${path} ${headers["x-probe"]}`);
      return [200, "all good"];
    });
    const result = await runProbe(noExec, direct(), http(port, "/healthz?deep=1", { "x-probe": "yes" }), {
      timeoutMs: 2000,
    });
    expect(result).toMatchObject({ ok: true, output: "HTTP 200\nall good" });
    expect(seen).toEqual(["/healthz?deep=1 yes"]);
  });

  it("treats 3xx as passing without following it, and 4xx/5xx as failing", async () => {
    const statuses = [302, 404, 503];
    const port = await server(() => [statuses.shift() ?? 500, "x"]);
    expect((await runProbe(noExec, direct(), http(port), { timeoutMs: 2000 })).ok).toBe(true);
    const notFound = await runProbe(noExec, direct(), http(port), { timeoutMs: 2000 });
    expect(notFound).toMatchObject({ ok: false, output: "HTTP 404\nx" });
    expect(notFound.error).toContain("answered 404");
    expect((await runProbe(noExec, direct(), http(port), { timeoutMs: 2000 })).ok).toBe(false);
  });

  it("fails with a timeout when the server never answers", async () => {
    const port = await listen(createHttpServer(() => {}));
    const result = await runProbe(noExec, direct(), http(port), { timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, error: "timed out after 200ms" });
  });

  it("fails with the connection error when nothing listens", async () => {
    const result = await runProbe(noExec, direct(), http(await closedPort()), { timeoutMs: 2000 });
    expect(result.ok).toBe(false);
    expect(result.error).toContain("ECONNREFUSED");
  });

  it("falls back to the published host port (0.0.0.0 → 127.0.0.1) when the container has no IP", async () => {
    const port = await server(() => [204, ""]);
    const target: ProbeTarget = {
      containerId: "c1",
      ports: [{ hostIP: "0.0.0.0", host: port, container: 8080, protocol: "tcp" }],
    };
    expect(await runProbe(noExec, target, http(8080), { timeoutMs: 2000 })).toMatchObject({
      ok: true,
      output: "HTTP 204",
    });
  });

  it("uses the host port first with preferHostPort, even when an IP is known", async () => {
    const port = await server(() => [200, ""]);
    // 127.0.0.2 is loopback too, but the server only listens on 127.0.0.1: the IP path would fail.
    const target: ProbeTarget = {
      containerId: "c1",
      ip: "127.0.0.2",
      ports: [{ hostIP: "127.0.0.1", host: port, container: port, protocol: "tcp" }],
    };
    expect((await runProbe(noExec, target, http(port), { timeoutMs: 2000 })).ok).toBe(false);
    expect((await runProbe(noExec, target, http(port), { timeoutMs: 2000, preferHostPort: true })).ok).toBe(
      true,
    );
  });

  it("fails clearly when there is neither an IP nor a published port", async () => {
    const target: ProbeTarget = {
      containerId: "c1",
      ports: [{ hostIP: "0.0.0.0", host: 9999, container: 53, protocol: "udp" }],
    };
    const result = await runProbe(noExec, target, http(53), { timeoutMs: 100 });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/no address for container port 53/);
  });
});

describe("runProbe tcp", () => {
  it("passes when a connection is accepted, directly or via the host port", async () => {
    const port = await listen(createTcpServer((socket) => socket.end()));
    expect((await runProbe(noExec, direct(), { kind: "tcp", port }, { timeoutMs: 2000 })).ok).toBe(true);
    const viaHost: ProbeTarget = {
      containerId: "c1",
      ports: [{ hostIP: "0.0.0.0", host: port, container: 5432, protocol: "tcp" }],
    };
    expect((await runProbe(noExec, viaHost, { kind: "tcp", port: 5432 }, { timeoutMs: 2000 })).ok).toBe(true);
  });

  it("fails when the connection is refused or there is no address", async () => {
    const refused = await runProbe(
      noExec,
      direct(),
      { kind: "tcp", port: await closedPort() },
      { timeoutMs: 2000 },
    );
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain("ECONNREFUSED");
    const nowhere = await runProbe(
      noExec,
      { containerId: "c1", ports: [] },
      { kind: "tcp", port: 1 },
      { timeoutMs: 10 },
    );
    expect(nowhere).toMatchObject({ ok: false });
    expect(nowhere.error).toMatch(/no address/);
  });
});
