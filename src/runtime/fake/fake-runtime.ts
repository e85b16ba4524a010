/**
 * In-memory RuntimeAdapter for unit tests of pure logic and for injecting faults. Not a user-facing
 * runtime: the CLI never offers it. Behaves like the contract says real adapters must (idempotent
 * start/stop/remove, 409-style conflicts on names).
 */
import { randomBytes } from "node:crypto";
import {
  assertOwnResource,
  type Capabilities,
  type ContainerCreateSpec,
  type ExecResult,
  HwError,
  type ImageInfo,
  type LogLine,
  type Observed,
  type ObservedContainer,
  type RuntimeAdapter,
  RuntimeErrorCode,
} from "../../core/index.js";

type Method =
  | "create"
  | "start"
  | "stop"
  | "remove"
  | "ensureImage"
  | "ensureNetwork"
  | "ensureVolume"
  | "observe";

export interface FakeContainer extends ObservedContainer {
  spec: ContainerCreateSpec;
}

export class FakeRuntime implements RuntimeAdapter {
  readonly name = "fake";
  readonly containers = new Map<string, FakeContainer>();
  readonly networks = new Map<string, Record<string, string>>();
  readonly volumes = new Map<string, Record<string, string>>();
  readonly images = new Map<string, string>([["hostwright.local/busybox:1", "sha256:1111"]]);
  /** Every call, in order: "create shop-web-1", "start shop-web-1"… */
  readonly calls: string[] = [];
  private readonly faults = new Map<string, Error[]>();
  /** exec results by argv[0]; default exit 0. */
  execResult: (id: string, argv: string[]) => ExecResult = () => ({
    exitCode: 0,
    output: "",
    timedOut: false,
  });
  down = false;

  /** The next call of `method` (optionally only for container `name`) throws `err`. */
  failNext(
    method: Method,
    err: Error = new HwError(RuntimeErrorCode.failed, `injected ${method} failure`),
    name = "*",
  ): void {
    const key = `${method}:${name}`;
    this.faults.set(key, [...(this.faults.get(key) ?? []), err]);
  }

  private maybeFail(method: Method, name = "*"): void {
    if (this.down) throw new HwError(RuntimeErrorCode.unavailable, "fake engine is down", { exitCode: 69 });
    for (const key of [`${method}:${name}`, `${method}:*`]) {
      const queue = this.faults.get(key);
      const err = queue?.shift();
      if (err) throw err;
    }
  }

  async capabilities(): Promise<Capabilities> {
    return {
      restartPolicy: true,
      healthcheck: true,
      events: false,
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
      containerAddressReachable: true,
    };
  }

  async ping(): Promise<void> {
    this.maybeFail("observe");
  }

  async observe(project: string): Promise<Observed> {
    this.maybeFail("observe");
    this.calls.push(`observe ${project}`);
    const all = [...this.containers.values()].map(({ spec: _s, ...c }) => ({ ...c }));
    const ours = all.filter((c) => c.labels["dev.hostwright.project"] === project);
    const clashes = all.filter(
      (c) => c.labels["dev.hostwright.project"] !== project && c.name.startsWith(`${project}-`),
    );
    const byLabel = (m: Map<string, Record<string, string>>) =>
      [...m]
        .filter(([name, l]) => l["dev.hostwright.project"] === project || name.startsWith(`${project}_`))
        .map(([name, labels]) => ({ name, labels }));
    return {
      project,
      takenAt: new Date().toISOString(),
      runtime: this.name,
      containers: ours,
      clashes,
      volumes: byLabel(this.volumes),
      networks: byLabel(this.networks).map((n) => ({ id: n.name, ...n })),
      images: Object.fromEntries(this.images),
    };
  }

  async ensureImage(ref: string): Promise<ImageInfo> {
    this.maybeFail("ensureImage", ref);
    this.calls.push(`ensureImage ${ref}`);
    const id = this.images.get(ref);
    if (!id) throw new HwError(RuntimeErrorCode.imageMissing, `image ${ref} not found`);
    return { ref, id, digests: [], pulled: false };
  }

  async create(spec: ContainerCreateSpec): Promise<{ id: string }> {
    this.maybeFail("create", spec.name);
    this.calls.push(`create ${spec.name}`);
    if ([...this.containers.values()].some((c) => c.name === spec.name)) {
      throw new HwError(RuntimeErrorCode.conflict, `name ${spec.name} already in use`);
    }
    const id = randomBytes(32).toString("hex");
    this.containers.set(id, {
      id,
      name: spec.name,
      labels: { ...spec.labels },
      state: "created",
      image: spec.image,
      imageId: this.images.get(spec.image) ?? "sha256:unknown",
      ports: [],
      spec,
      createdAt: new Date().toISOString(),
    });
    return { id };
  }

  private get(id: string): FakeContainer | undefined {
    return this.containers.get(id) ?? [...this.containers.values()].find((c) => c.name === id);
  }

  async start(id: string): Promise<void> {
    const c = this.get(id);
    this.maybeFail("start", c?.name);
    this.calls.push(`start ${c?.name ?? id}`);
    if (!c) throw new HwError(RuntimeErrorCode.notFound, `no container ${id}`);
    c.state = "running";
    c.startedAt = new Date().toISOString();
  }

  async stop(id: string): Promise<void> {
    const c = this.get(id);
    this.maybeFail("stop", c?.name);
    this.calls.push(`stop ${c?.name ?? id}`);
    if (c && c.state === "running") {
      c.state = "exited";
      c.exitCode = 0;
    }
  }

  async remove(id: string): Promise<void> {
    const c = this.get(id);
    this.maybeFail("remove", c?.name);
    this.calls.push(`remove ${c?.name ?? id}`);
    if (c) this.containers.delete(c.id);
  }

  async rename(id: string, to: string): Promise<void> {
    const c = this.get(id);
    this.calls.push(`rename ${c?.name ?? id} ${to}`);
    if (!c) throw new HwError(RuntimeErrorCode.notFound, `no container ${id}`);
    c.name = to;
  }

  async inspect(id: string): Promise<ObservedContainer | undefined> {
    const c = this.get(id);
    if (!c) return undefined;
    const { spec: _s, ...rest } = c;
    return { ...rest };
  }

  async exec(id: string, argv: string[]): Promise<ExecResult> {
    return this.execResult(id, argv);
  }

  async *logs(): AsyncIterable<LogLine> {}

  async ensureNetwork(name: string, labels: Record<string, string>): Promise<void> {
    this.maybeFail("ensureNetwork", name);
    this.calls.push(`ensureNetwork ${name}`);
    const existing = this.networks.get(name);
    if (existing) assertOwnResource("network", name, existing, labels);
    if (!this.networks.has(name)) this.networks.set(name, labels);
  }
  async removeNetwork(name: string): Promise<void> {
    this.calls.push(`removeNetwork ${name}`);
    this.networks.delete(name);
  }
  async ensureVolume(name: string, labels: Record<string, string>): Promise<void> {
    this.maybeFail("ensureVolume", name);
    this.calls.push(`ensureVolume ${name}`);
    const existing = this.volumes.get(name);
    if (existing) assertOwnResource("volume", name, existing, labels);
    if (!this.volumes.has(name)) this.volumes.set(name, labels);
  }
  async removeVolume(name: string): Promise<void> {
    this.calls.push(`removeVolume ${name}`);
    this.volumes.delete(name);
  }

  /** Test helper: put a container in place as if someone ran it out of band. */
  addForeign(name: string, labels: Record<string, string> = {}): string {
    const id = randomBytes(32).toString("hex");
    this.containers.set(id, {
      id,
      name,
      labels,
      state: "running",
      image: "other:1",
      ports: [],
      spec: {
        name,
        image: "other:1",
        labels,
        init: false,
        env: {},
        ports: [],
        volumes: [],
        readOnlyRootFilesystem: false,
        stopGracePeriodMs: 0,
      },
    });
    return id;
  }
}
