/**
 * The benchmark's own view of the engine: list, kill, remove and watch events over the unix socket.
 * Deliberately independent of src/runtime so what is measured is never also the measuring stick.
 */
import { Agent, request } from "undici";

export interface ContainerSummary {
  Id: string;
  Names: string[];
  State: string;
  Labels: Record<string, string>;
}

export function socketPathOf(dockerHost: string): string {
  if (!dockerHost.startsWith("unix://")) throw new Error(`bench needs a unix DOCKER_HOST, got ${dockerHost}`);
  return dockerHost.slice("unix://".length);
}

export class EngineApi {
  private readonly agent: Agent;

  constructor(readonly socketPath: string) {
    this.agent = new Agent({ connect: { socketPath } });
  }

  async call(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<unknown> {
    const res = await request(`http://localhost/v1.41${path}`, {
      method,
      dispatcher: this.agent,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300 && res.statusCode !== 304) {
      throw new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.trim()}`);
    }
    return text.length > 0 ? JSON.parse(text) : undefined;
  }

  async version(): Promise<{ Version: string; ApiVersion: string }> {
    return (await this.call("GET", "/version")) as { Version: string; ApiVersion: string };
  }

  async containers(label: string): Promise<ContainerSummary[]> {
    const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
    return (await this.call("GET", `/containers/json?all=1&filters=${filters}`)) as ContainerSummary[];
  }

  /** name (without the leading slash) → container id, for every container carrying `label`. */
  async idsByName(label: string): Promise<Map<string, string>> {
    const list = await this.containers(label);
    return new Map(list.map((c) => [(c.Names[0] ?? c.Id).replace(/^\//, ""), c.Id]));
  }

  /** `docker kill`: note the engine then treats the container as stopped by the user. */
  async kill(id: string): Promise<void> {
    await this.call("POST", `/containers/${id}/kill`);
  }

  /** Host pid of the container's PID 1 (0 when not running). */
  async mainPid(id: string): Promise<number> {
    const info = (await this.call("GET", `/containers/${id}/json`)) as { State: { Pid: number } };
    return info.State.Pid;
  }

  /**
   * Teardown (untimed): stop and remove every container carrying `label`, then its networks.
   * Returns the networks the engine refused to remove (see removeNetwork); callers carry on.
   */
  async removeAll(label: string): Promise<string[]> {
    const list = await this.containers(label);
    // Stop first, then remove: a forced remove of a running container races the engine's own exit
    // clean-up (dockerd 20.10), which can leave a stale endpoint that keeps the network "in use".
    await inBatches(list, 8, async (c) => {
      if (c.State === "running" || c.State === "restarting")
        await this.call("POST", `/containers/${c.Id}/stop?t=2`);
      await this.call("DELETE", `/containers/${c.Id}?force=1&v=1`);
    });
    const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
    const nets = (await this.call("GET", `/networks?filters=${filters}`)) as Array<{
      Id: string;
      Name: string;
    }>;
    const stuck: string[] = [];
    for (const n of nets) if (!(await this.removeNetwork(n.Id))) stuck.push(n.Name);
    return stuck;
  }

  /** Addresses a new network of this engine holds (its address pool's prefix), found by making one. */
  async networkCapacity(name: string): Promise<number> {
    const made = (await this.call("POST", "/networks/create", { Name: name })) as { Id: string };
    try {
      const net = (await this.call("GET", `/networks/${made.Id}`)) as {
        IPAM?: { Config?: Array<{ Subnet?: string }> };
      };
      const prefix = Number(net.IPAM?.Config?.[0]?.Subnet?.split("/")[1] ?? 24);
      // Minus network, broadcast and gateway addresses.
      return 2 ** (32 - prefix) - 3;
    } finally {
      await this.call("DELETE", `/networks/${made.Id}`);
    }
  }

  /**
   * The engine lets go of a removed container's endpoint a moment later, so "active endpoints" is
   * retried. dockerd 20.10 under load sometimes keeps a stale endpoint for good (until it restarts):
   * then this gives up and returns false, and the benchmark leaves that network behind.
   */
  private async removeNetwork(id: string): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.call("DELETE", `/networks/${id}`);
        return true;
      } catch (err) {
        if (!String(err).includes("active endpoints")) throw err;
        if (attempt >= 30) return false;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /**
   * Resolves with the local time (performance.now()) at which the engine reported `action` for the
   * container named `name`. The stream is open before this returns, so a caller can act right after.
   */
  async watchFor(name: string, action: string, timeoutMs: number): Promise<{ seen: Promise<number> }> {
    const filters = encodeURIComponent(
      JSON.stringify({ type: ["container"], event: [action], container: [name] }),
    );
    const abort = new AbortController();
    const res = await request(`http://localhost/v1.41/events?filters=${filters}`, {
      dispatcher: this.agent,
      signal: abort.signal,
      bodyTimeout: 0,
    });
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    // Wrapped in an object: an async function returning a bare promise would wait for it.
    const seen = (async () => {
      try {
        for await (const chunk of res.body) {
          if (String(chunk).includes(`"${action}"`)) return performance.now();
        }
        throw new Error(`event stream for ${name} ended before ${action}`);
      } catch (err) {
        if (abort.signal.aborted) throw new Error(`no ${action} event for ${name} within ${timeoutMs} ms`);
        throw err;
      } finally {
        clearTimeout(timer);
        abort.abort();
      }
    })();
    return { seen };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

export async function inBatches<T>(items: readonly T[], width: number, fn: (t: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
