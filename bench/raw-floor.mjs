#!/usr/bin/env node
/**
 * The physical floor: the fewest engine calls that converge N containers from nothing — one network
 * create, then create + start per container, `concurrency` at a time — straight over the unix
 * socket with undici. Plain .mjs (no tsx) so its process start-up is as cheap as node's own.
 *
 *   node bench/raw-floor.mjs <socket> <project> <n> <portBase> <concurrency> [restart-always]
 *
 * Prints {"ms": <in-process milliseconds>} on stdout.
 */
import { Agent, request } from "undici";

const [socketPath, project, nText, portBaseText, concurrencyText, mode] = process.argv.slice(2);
if (!socketPath || !project || !nText || !portBaseText || !concurrencyText) {
  process.stderr.write(
    "usage: raw-floor.mjs <socket> <project> <n> <portBase> <concurrency> [restart-always]\n",
  );
  process.exitCode = 64;
} else {
  await converge(Number(nText), Number(portBaseText), Number(concurrencyText));
}

async function converge(n, portBase, concurrency) {
  const started = performance.now();
  const agent = new Agent({ connect: { socketPath } });
  const call = async (method, path, body) => {
    const res = await request(`http://localhost/v1.41${path}`, {
      method,
      dispatcher: agent,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300 && res.statusCode !== 304) throw new Error(`${method} ${path}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const label = { "dev.hostwright.bench.project": project };
  const network = `${project}_default`;
  await call("POST", "/networks/create", { Name: network, Labels: label, CheckDuplicate: true });
  let next = 1;
  const worker = async () => {
    while (next <= n) {
      const i = next++;
      const service = `s${String(i).padStart(3, "0")}`;
      const created = await call("POST", `/containers/create?name=${project}-${service}-1`, {
        Image: "hostwright.local/busybox:1",
        Cmd: ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"],
        Env: [`BENCH_SERVICE=${service}`],
        Labels: { ...label, "dev.hostwright.bench.service": service },
        ExposedPorts: { "8080/tcp": {} },
        StopTimeout: 1,
        HostConfig: {
          PortBindings: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: String(portBase + i) }] },
          RestartPolicy: { Name: mode === "restart-always" ? "always" : "no" },
          NetworkMode: network,
        },
        NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [service] } } },
      });
      await call("POST", `/containers/${created.Id}/start`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  await agent.close();
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - started })}\n`);
}
