/**
 * The Engine API calls the swarm runtime makes against a manager, over the Docker adapter's HTTP
 * client. Listing is a constant number of calls (nodes, services by name and by label, tasks of
 * those services), whatever the number of services.
 */
import { ExitCode, HwError, Labels, RuntimeErrorCode } from "../../core/index.js";
import { EngineClient, filtersParam, ndjson } from "../docker/index.js";
import type { RawNetwork, RawNode, RawService, RawTask } from "./swarm-raw.js";

export interface SwarmEvent {
  /** "service" | "node" */
  type: string;
  action: string;
  /** The service's or node's id. */
  id: string;
  name?: string;
  time: string;
}

export class SwarmApi {
  readonly client: EngineClient;

  constructor(host: string) {
    this.client = new EngineClient(host);
  }

  get requestCount(): number {
    return this.client.requestCount;
  }

  /** Throws unavailable (exit 69) when nothing answers, or a usage-level error when the engine is no swarm manager. */
  async ping(): Promise<void> {
    await this.client.ping();
    const info = await this.client.json<{ Swarm?: { ControlAvailable?: boolean; LocalNodeState?: string } }>({
      path: "/info",
      what: "read engine info",
    });
    if (info.Swarm?.ControlAvailable !== true) {
      throw new HwError(
        RuntimeErrorCode.unavailable,
        `the engine at ${this.client.host} is not a swarm manager (swarm state: ${info.Swarm?.LocalNodeState ?? "unknown"})`,
        {
          exitCode: ExitCode.runtimeUnavailable,
          hint: "point DOCKER_HOST at a manager of the swarm (`docker node ls` works there), or `bash scripts/swarm.sh start` for a test swarm",
        },
      );
    }
  }

  listNodes(): Promise<RawNode[]> {
    return this.client.json<RawNode[]>({ path: "/nodes", what: "list swarm nodes" });
  }

  /** Services named `<project>_…` (ours and clashes) and services labelled for the project. */
  async listServices(project: string): Promise<RawService[]> {
    const [byName, byLabel] = await Promise.all([
      this.client.json<RawService[]>({
        path: "/services",
        query: { filters: filtersParam({ name: [`${project}_`] }) },
        what: "list swarm services",
      }),
      this.client.json<RawService[]>({
        path: "/services",
        query: { filters: filtersParam({ label: [`${Labels.project}=${project}`] }) },
        what: "list swarm services",
      }),
    ]);
    const seen = new Map<string, RawService>();
    // The name filter is a prefix match: keep only exact `<project>_<x>` names from it.
    for (const s of byName) if (s.Spec.Name.startsWith(`${project}_`)) seen.set(s.ID, s);
    for (const s of byLabel) seen.set(s.ID, s);
    return [...seen.values()];
  }

  async listTasks(serviceIds: readonly string[]): Promise<RawTask[]> {
    if (serviceIds.length === 0) return [];
    return this.client.json<RawTask[]>({
      path: "/tasks",
      query: { filters: filtersParam({ service: [...serviceIds] }) },
      what: "list swarm tasks",
    });
  }

  async inspectService(id: string): Promise<RawService | undefined> {
    const res = await this.client.request({ path: `/services/${encodeURIComponent(id)}`, accept: [404] });
    if (res.status === 404) {
      await res.body.dump();
      return undefined;
    }
    return (await res.body.json()) as RawService;
  }

  async createService(body: Record<string, unknown>): Promise<string> {
    const r = await this.client.json<{ ID: string }>({
      method: "POST",
      path: "/services/create",
      body,
      what: `create swarm service ${String(body.Name)}`,
    });
    return r.ID;
  }

  async updateService(id: string, versionIndex: number, body: Record<string, unknown>): Promise<void> {
    await this.client.call({
      method: "POST",
      path: `/services/${encodeURIComponent(id)}/update`,
      query: { version: versionIndex },
      body,
      what: `update swarm service ${String(body.Name)}`,
    });
  }

  /** Removing a service that is already gone succeeds. */
  async removeService(id: string): Promise<void> {
    await this.client.call({
      method: "DELETE",
      path: `/services/${encodeURIComponent(id)}`,
      accept: [404],
      what: `remove swarm service ${id}`,
    });
  }

  /**
   * The named networks that exist, one inspect each (a project has a few). Not GET /networks: a
   * node that had tasks on an overlay keeps listing it for a while after the swarm removed it,
   * and inspecting by name answers from the swarm's own state.
   */
  async listNetworks(names: readonly string[]): Promise<RawNetwork[]> {
    const found = await Promise.all(
      names.map(async (name) => {
        const res = await this.client.request({
          path: `/networks/${encodeURIComponent(name)}`,
          query: { scope: "swarm" },
          accept: [404],
          what: `inspect network ${name}`,
        });
        if (res.status === 404) {
          await res.body.dump();
          return undefined;
        }
        return (await res.body.json()) as RawNetwork;
      }),
    );
    return found.filter((n): n is RawNetwork => n !== undefined && names.includes(n.Name));
  }

  async createOverlayNetwork(name: string, labels: Record<string, string>): Promise<string> {
    const r = await this.client.json<{ Id: string }>({
      method: "POST",
      path: "/networks/create",
      body: { Name: name, Driver: "overlay", Attachable: true, Labels: labels, CheckDuplicate: true },
      what: `create overlay network ${name}`,
    });
    return r.Id;
  }

  /**
   * Removing a missing network succeeds. Right after its services are removed a network still
   * has the endpoints of their stopping tasks ("has active endpoints"): retried for up to ~30 s.
   */
  async removeNetwork(idOrName: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.client.call({
          method: "DELETE",
          path: `/networks/${encodeURIComponent(idOrName)}`,
          accept: [404],
          what: `remove network ${idOrName}`,
        });
        await this.waitNetworkGone(idOrName);
        return;
      } catch (err) {
        if (attempt >= 60) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /**
   * The manager keeps its local copy of a removed overlay for a few seconds (its load-balancer
   * endpoint is cleaned up asynchronously); until then the name still inspects. Wait it out so
   * a `down` returns with the name free, and the next apply does not see a network without a record.
   */
  private async waitNetworkGone(name: string): Promise<void> {
    for (let i = 0; i < 60; i++) {
      if ((await this.listNetworks([name])).length === 0) return;
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** Service and node events from now on, until `signal` aborts. */
  async *events(signal: AbortSignal): AsyncGenerator<SwarmEvent> {
    const res = await this.client.request({
      path: "/events",
      query: { filters: filtersParam({ type: ["service", "node"] }) },
      stream: true,
      signal,
      what: "watch swarm events",
    });
    type Raw = {
      Type?: string;
      Action?: string;
      Actor?: { ID?: string; Attributes?: Record<string, string> };
      time?: number;
    };
    for await (const e of ndjson<Raw>(res.body)) {
      yield {
        type: e.Type ?? "",
        action: e.Action ?? "",
        id: e.Actor?.ID ?? "",
        ...(e.Actor?.Attributes?.name ? { name: e.Actor.Attributes.name } : {}),
        time: new Date((e.time ?? 0) * 1000).toISOString(),
      };
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
