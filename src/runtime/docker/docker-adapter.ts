/**
 * RuntimeAdapter for the Docker Engine API (and Podman's Docker-compatible API). Mutations are
 * idempotent the way the contract wants: starting a running container, stopping a stopped one and
 * removing a missing one all succeed. Removal keeps anonymous volumes (v=false): Hostwright never
 * destroys data implicitly; anything worth keeping belongs in a declared, labelled volume, and
 * leftovers are visible to `docker volume ls` / `prune`.
 */
import {
  type BuildProgress,
  type BuildSpec,
  type Capabilities,
  type ContainerCreateSpec,
  type ExecResult,
  HwError,
  type ImageInfo,
  isHwError,
  type LogLine,
  type NetworkSpec,
  type Observed,
  type ObservedContainer,
  type PullProgress,
  type RuntimeAdapter,
  RuntimeErrorCode,
  type RuntimeEvent,
  type ServiceSpec,
  type VolumeSpec,
} from "../../core/index.js";
import { type CredentialSource, dockerConfigCredentials } from "../../registry/index.js";
import { fromInspect } from "./container-mapping.js";
import { createContainerBody } from "./create-body.js";
import { buildImage } from "./docker-build.js";
import { connectExtraNetworks, putFiles } from "./docker-create-extras.js";
import { execInContainer } from "./docker-exec.js";
import { ensureImage, localImageInfo } from "./docker-images.js";
import { observeProject } from "./docker-observe.js";
import { ensureNetwork, ensureVolume } from "./docker-resources.js";
import { containerLogs, projectEvents } from "./docker-streams.js";
import { dockerUnsupportedFields, type EngineRuntimes } from "./docker-unsupported.js";
import { EngineClient } from "./engine-client.js";
import type { ApiContainerInspect } from "./engine-types.js";

const NOT_MODIFIED = 304;
const NOT_FOUND = 404;
const CONFLICT = 409;

function containerPath(id: string, action = ""): string {
  return `/containers/${encodeURIComponent(id)}${action}`;
}

export class DockerAdapter implements RuntimeAdapter {
  readonly client: EngineClient;
  /** The engine's OCI runtimes, read once by capabilities() (which apply calls before checking). */
  private runtimes: EngineRuntimes = { names: undefined };

  /** The user's Docker credentials, sent with pulls (read lazily, never logged). */
  private readonly credentials: CredentialSource | undefined;

  constructor(client: EngineClient, credentials?: CredentialSource) {
    this.client = client;
    this.credentials = credentials;
  }

  /** "docker", or "podman" once the engine has identified itself (after the first call). */
  get name(): string {
    return this.client.isPodman ? "podman" : "docker";
  }

  /** Engine API calls made so far: what benchmarks count. */
  get apiCalls(): number {
    return this.client.requestCount;
  }

  build(spec: BuildSpec, tag: string, onProgress?: BuildProgress): Promise<{ imageId: string }> {
    return buildImage(this.client, spec, tag, onProgress);
  }

  unsupportedFields(service: ServiceSpec): { field: string; reason: string }[] {
    return dockerUnsupportedFields(service, this.runtimes);
  }

  async capabilities(): Promise<Capabilities> {
    if (this.runtimes.names === undefined) {
      const info = await this.client
        .json<{ Runtimes?: Record<string, unknown> }>({ path: "/info", what: "read engine info" })
        .catch(() => undefined);
      if (info?.Runtimes) this.runtimes = { names: Object.keys(info.Runtimes).sort() };
    }
    return {
      restartPolicy: true,
      healthcheck: true,
      events: true,
      labelFilter: true,
      udp: true,
      tmpfs: true,
      fractionalCpus: true,
      ephemeralHostPorts: true,
      init: true,
      readOnlyRootFilesystem: true,
      shmSize: true,
      user: true,
      networkAliases: true,
      // Docker Desktop runs containers in a VM: their addresses are not routable from macOS.
      containerAddressReachable: process.platform !== "darwin",
      registryPreflight: true,
    };
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async observe(project: string): Promise<Observed> {
    const observed = await observeProject(this.client, project);
    // Named after the calls: the first one is what tells Docker and Podman apart.
    return { ...observed, runtime: this.name };
  }

  ensureImage(
    ref: string,
    opts: { requireDigest: boolean; onProgress?: PullProgress; pull?: "missing" | "always" },
  ): Promise<ImageInfo> {
    return ensureImage(this.client, ref, {
      ...opts,
      ...(this.credentials ? { credentials: this.credentials } : {}),
    });
  }

  imageInfo(ref: string): Promise<ImageInfo | undefined> {
    return localImageInfo(this.client, ref);
  }

  async create(spec: ContainerCreateSpec): Promise<{ id: string }> {
    try {
      const created = await this.client.json<{ Id: string }>({
        method: "POST",
        path: "/containers/create",
        query: { name: spec.name, platform: spec.options?.platform },
        body: createContainerBody(spec),
        what: `create container ${spec.name}`,
      });
      await this.finishCreate(created.Id, spec);
      return { id: created.Id };
    } catch (err) {
      // 404 on create means the image is missing (networks and volumes are ensured first).
      if (isHwError(err) && err.code === RuntimeErrorCode.notFound && /image/i.test(err.message)) {
        throw new HwError(RuntimeErrorCode.imageMissing, err.message, {
          hint: `ensure the image ${spec.image} first`,
          cause: err,
        });
      }
      throw err;
    }
  }

  /** Networks and files before start; a failure removes the half-made container again. */
  private async finishCreate(id: string, spec: ContainerCreateSpec): Promise<void> {
    try {
      await connectExtraNetworks(this.client, id, spec);
      await putFiles(this.client, id, spec);
    } catch (err) {
      await this.remove(id).catch(() => undefined);
      throw err;
    }
  }

  async start(id: string): Promise<void> {
    await this.client.call({
      method: "POST",
      path: containerPath(id, "/start"),
      accept: [NOT_MODIFIED],
      what: `start container ${id}`,
    });
  }

  async stop(id: string, graceMs: number): Promise<void> {
    const seconds = Math.ceil(graceMs / 1000);
    await this.client.call({
      method: "POST",
      path: containerPath(id, "/stop"),
      query: { t: seconds },
      accept: [NOT_MODIFIED, NOT_FOUND],
      // The engine answers only after the grace period (and the kill) have passed.
      headersTimeoutMs: seconds * 1000 + 60_000,
      what: `stop container ${id}`,
    });
  }

  /** Start-first updates park the old container under a temporary name while the new one starts. */
  async rename(id: string, name: string): Promise<void> {
    await this.client.call({
      method: "POST",
      path: containerPath(id, "/rename"),
      query: { name },
      what: `rename container ${id} to ${name}`,
    });
  }

  async remove(id: string): Promise<void> {
    const res = await this.client.request({
      method: "DELETE",
      path: containerPath(id),
      query: { force: true, v: false },
      accept: [NOT_FOUND, CONFLICT],
      what: `remove container ${id}`,
    });
    const text = await res.body.text();
    // 409 "removal … already in progress" ends with the container gone, which is what we want.
    if (res.status === CONFLICT && !/already in progress/i.test(text)) {
      throw new HwError(RuntimeErrorCode.conflict, `remove container ${id}: ${text.trim()}`);
    }
  }

  async inspect(id: string): Promise<ObservedContainer | undefined> {
    const res = await this.client.request({
      path: containerPath(id, "/json"),
      accept: [NOT_FOUND],
      what: `inspect container ${id}`,
    });
    if (res.status === NOT_FOUND) {
      await res.body.dump();
      return undefined;
    }
    return fromInspect((await res.body.json()) as ApiContainerInspect);
  }

  exec(id: string, argv: string[], timeoutMs: number): Promise<ExecResult> {
    return execInContainer(this.client, id, argv, timeoutMs);
  }

  logs(id: string, opts: { follow: boolean; tail?: number; signal?: AbortSignal }): AsyncIterable<LogLine> {
    return containerLogs(this.client, id, opts);
  }

  events(project: string, signal: AbortSignal): AsyncIterable<RuntimeEvent> {
    return projectEvents(this.client, project, signal);
  }

  ensureNetwork(name: string, labels: Record<string, string>, spec?: NetworkSpec): Promise<void> {
    return ensureNetwork(this.client, name, labels, spec);
  }

  async removeNetwork(name: string): Promise<void> {
    await this.client.call({
      method: "DELETE",
      path: `/networks/${encodeURIComponent(name)}`,
      accept: [NOT_FOUND],
      what: `remove network ${name}`,
    });
  }

  ensureVolume(name: string, labels: Record<string, string>, spec?: VolumeSpec): Promise<void> {
    return ensureVolume(this.client, name, labels, spec);
  }

  async removeVolume(name: string): Promise<void> {
    await this.client.call({
      method: "DELETE",
      path: `/volumes/${encodeURIComponent(name)}`,
      accept: [NOT_FOUND],
      what: `remove volume ${name}`,
    });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

export function createDockerAdapter(opts: { host: string; env?: NodeJS.ProcessEnv }): DockerAdapter {
  return new DockerAdapter(new EngineClient(opts.host), dockerConfigCredentials(opts.env ?? process.env));
}
