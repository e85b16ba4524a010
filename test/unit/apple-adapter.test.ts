/**
 * The Apple adapter against the `container` emulator: preflight gating, refusing before
 * mutation, what reaches the CLI (labels encoded, units, host addresses), the pitfalls the
 * adapter handles (fresh IPs, transient `stopped`, no implicit volumes) and error mapping.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type ContainerCreateSpec,
  ExitCode,
  type HwError,
  isHwError,
  Labels,
  RuntimeErrorCode,
} from "../../src/core/index.js";
import { type AppleAdapterOptions, createAppleAdapter } from "../../src/runtime/apple/index.js";
import { EMULATOR_BIN, type EmulatorSandbox, emulatorSandbox } from "../apple-emulator/harness.js";

let emu: EmulatorSandbox;
beforeEach(() => {
  emu = emulatorSandbox();
});
afterEach(() => emu.dispose());

const adapterFor = (env: Record<string, string> = {}, options: AppleAdapterOptions = {}) =>
  createAppleAdapter({ bin: EMULATOR_BIN, env: { ...process.env, ...emu.env, ...env }, ...options });

async function rejection(promise: Promise<unknown>): Promise<HwError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isHwError(err)) throw new Error(`expected an HwError, got ${String(err)}`);
  return err;
}

const spec = (over: Partial<ContainerCreateSpec> = {}): ContainerCreateSpec => ({
  name: "demo-web-1",
  image: "busybox",
  labels: { [Labels.managed]: "true", [Labels.project]: "demo", [Labels.service]: "web" },
  command: ["sleep", "3600"],
  init: false,
  env: {},
  ports: [],
  volumes: [],
  readOnlyRootFilesystem: false,
  stopGracePeriodMs: 1000,
  ...over,
});

describe("apple adapter preflight", () => {
  it("accepts 1.x quietly and reports the version", async () => {
    const warnings: string[] = [];
    const result = await adapterFor({}, { onWarning: (w) => warnings.push(w) }).preflight();
    expect(result).toEqual({ version: "1.1.0", warnings: [] });
    expect(warnings).toEqual([]);
  });

  it("runs an unknown newer version, passing the warning to onWarning", async () => {
    const warnings: string[] = [];
    const adapter = adapterFor({ APPLE_EMULATOR_VERSION: "2.0.0" }, { onWarning: (w) => warnings.push(w) });
    await adapter.ping();
    expect(warnings).toEqual([expect.stringContaining("2.0.0 is newer than the supported range")]);
    expect((await adapter.observe("demo")).containers).toEqual([]);
  });

  it("refuses pre-1.0 versions before running anything else", async () => {
    const adapter = adapterFor({ APPLE_EMULATOR_VERSION: "0.12.3" });
    const err = await rejection(adapter.create(spec()));
    expect(err.code).toBe(RuntimeErrorCode.unsupported);
    expect(err.exitCode).toBe(ExitCode.runtimeUnavailable);
    expect(Object.keys(emu.state().containers)).toEqual([]);
  });

  it("says how to start a stopped system service, without starting it", async () => {
    await emu.run(["system", "stop"]);
    const adapter = adapterFor();
    const err = await rejection(adapter.ping());
    expect(err.code).toBe(RuntimeErrorCode.unavailable);
    expect(err.exitCode).toBe(ExitCode.runtimeUnavailable);
    expect(err.hint).toContain("container system start");
    const observeErr = await rejection(adapter.observe("demo"));
    expect(observeErr.code).toBe(RuntimeErrorCode.unavailable);
    // Never started implicitly: the service is still down afterwards.
    expect((await emu.run(["system", "status"])).exitCode).toBe(1);
  });

  it("reports a missing binary as unavailable with an install hint", async () => {
    const adapter = createAppleAdapter({ bin: "/nonexistent/container" });
    const err = await rejection(adapter.ping());
    expect(err.code).toBe(RuntimeErrorCode.unavailable);
    expect(err.hint).toMatch(/Install .*container/);
  });

  it("reads the binary from HOSTWRIGHT_CONTAINER_BIN in the given environment", async () => {
    const adapter = createAppleAdapter({
      env: { ...process.env, ...emu.env, HOSTWRIGHT_CONTAINER_BIN: EMULATOR_BIN },
    });
    expect((await adapter.preflight()).version).toBe("1.1.0");
  });
});

describe("apple adapter create", () => {
  it("refuses what the runtime cannot honour before touching it", async () => {
    const adapter = adapterFor();
    const err = await rejection(
      adapter.create(
        spec({
          cpus: 0.5,
          memoryBytes: 100 * 1024 * 1024,
          ports: [{ hostIP: "127.0.0.1", host: null, container: 80, protocol: "tcp" }],
        }),
      ),
    );
    expect(err.code).toBe(RuntimeErrorCode.unsupported);
    expect(err.message).toMatch(/cpus: .*not supported on runtime apple/);
    expect(err.message).toMatch(/memory: /);
    expect(err.message).toMatch(/ports\[0\]\.host: /);
    expect(emu.state().containers).toEqual({});
  });

  it("refuses a named volume that was not ensured, instead of letting the CLI create it unlabelled", async () => {
    const adapter = adapterFor();
    const volumes = [{ type: "volume" as const, source: "demo_data", target: "/data", readOnly: false }];
    const err = await rejection(adapter.create(spec({ volumes })));
    expect(err.code).toBe(RuntimeErrorCode.notFound);
    expect(emu.state().volumes).toEqual({});
    await adapter.ensureVolume("demo_data", { [Labels.project]: "demo" });
    await adapter.create(spec({ volumes }));
    expect((await adapter.observe("demo")).volumes).toEqual([
      { name: "demo_data", labels: { [Labels.project]: "demo" } },
    ]);
  });

  it("passes labels encoded, memory with a unit, whole cpus, explicit host addresses and the entrypoint split", async () => {
    const adapter = adapterFor();
    await adapter.create(
      spec({
        labels: { ...spec().labels, note: "a=b" },
        memoryBytes: 512 * 1024 * 1024,
        cpus: 2,
        ports: [{ hostIP: "127.0.0.1", host: 18080, container: 80, protocol: "tcp" }],
        entrypoint: ["/bin/sh", "-c"],
        command: ["sleep 3600"],
        env: { TOKEN: "s3cret" },
      }),
    );
    // biome-ignore lint/suspicious/noExplicitAny: the emulator's raw ContainerConfiguration
    const config = emu.state().containers["demo-web-1"]?.configuration as Record<string, any>;
    expect(config.labels.note).toBe("a%3Db");
    expect(config.resources).toMatchObject({ cpus: 2, memoryInBytes: 512 * 1024 * 1024 });
    expect(config.publishedPorts).toEqual([
      { hostAddress: "127.0.0.1", hostPort: 18080, containerPort: 80, proto: "tcp", count: 1 },
    ]);
    expect(config.initProcess.executable).toBe("/bin/sh");
    expect(config.initProcess.arguments).toEqual(["-c", "sleep 3600"]);
    expect(config.initProcess.environment).toContain("TOKEN=s3cret");
    const [observed] = (await adapter.observe("demo")).containers;
    expect(observed?.labels.note).toBe("a=b");
  });

  it("maps a name conflict to HW-RUNTIME-003", async () => {
    const adapter = adapterFor();
    await adapter.create(spec());
    expect((await rejection(adapter.create(spec()))).code).toBe(RuntimeErrorCode.conflict);
  });
});

describe("apple adapter lifecycle and observation", () => {
  it("re-reads a fresh IP after every start", async () => {
    const adapter = adapterFor();
    const { id } = await adapter.create(spec());
    await adapter.start(id);
    const first = (await adapter.inspect(id))?.ip;
    await adapter.stop(id, 1000);
    expect((await adapter.inspect(id))?.ip).toBeUndefined();
    await adapter.start(id);
    const second = (await adapter.inspect(id))?.ip;
    expect(first).toMatch(/^192\.168\.64\.\d+$/);
    expect(second).toMatch(/^192\.168\.64\.\d+$/);
    expect(second).not.toBe(first);
  });

  it("treats `stopped` right after its own start as transient, and as exited once the window passed", async () => {
    let now = 0;
    const adapter = adapterFor({}, { now: () => now, transientStoppedMs: 5000 });
    // `true` finishes at once: the container is stopped again right after start returns.
    const { id } = await adapter.create(spec({ command: ["true"] }));
    await adapter.start(id);
    expect((await adapter.inspect(id))?.state).toBe("restarting");
    expect((await adapter.observe("demo")).containers[0]?.state).toBe("restarting");
    now = 6000;
    expect((await adapter.inspect(id))?.state).toBe("exited");
  });

  it("separates owned containers from name clashes and ignores unrelated ones", async () => {
    const adapter = adapterFor();
    await adapter.create(spec());
    await adapter.create(spec({ name: "demo-api-2", labels: {} }));
    await adapter.create(spec({ name: "demo-api-2x", labels: {} }));
    await adapter.create(spec({ name: "other-web-1", labels: { [Labels.project]: "other" } }));
    const observed = await adapter.observe("demo");
    expect(observed.containers.map((c) => c.name)).toEqual(["demo-web-1"]);
    expect(observed.clashes.map((c) => c.name)).toEqual(["demo-api-2"]);
  });

  it("maps images by the names manifests use", async () => {
    const adapter = adapterFor();
    const first = await adapter.ensureImage("busybox", { requireDigest: false });
    expect(first).toMatchObject({ ref: "busybox", pulled: true });
    expect(first.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await adapter.ensureImage("busybox", { requireDigest: false })).pulled).toBe(false);
    const { images } = await adapter.observe("demo");
    expect(images.busybox).toBe(first.id);
    expect(images["docker.io/library/busybox:latest"]).toBe(first.id);
  });

  it("maps an image that cannot be pulled to HW-RUNTIME-004", async () => {
    const err = await rejection(adapterFor().ensureImage("nonexistent/app:1", { requireDigest: false }));
    expect(err.code).toBe(RuntimeErrorCode.imageMissing);
  });
});

describe("apple adapter exec and logs", () => {
  it("raises runtime errors for exec on a missing or stopped container", async () => {
    const adapter = adapterFor();
    expect((await rejection(adapter.exec("missing", ["true"], 5000))).code).toBe(RuntimeErrorCode.notFound);
    await adapter.create(spec());
    expect((await rejection(adapter.exec("demo-web-1", ["true"], 5000))).code).toBe(RuntimeErrorCode.failed);
  });

  it("streams the merged log, honours tail, and maps a missing container", async () => {
    const adapter = adapterFor();
    const { id } = await adapter.create(spec({ command: ["sh", "-c", "echo one; echo two; sleep 3600"] }));
    await adapter.start(id);
    const all: string[] = [];
    for await (const line of adapter.logs(id, { follow: false })) all.push(`${line.stream}:${line.text}`);
    expect(all).toEqual(["stdout:one", "stdout:two"]);
    const tail: string[] = [];
    for await (const line of adapter.logs(id, { follow: false, tail: 1 })) tail.push(line.text);
    expect(tail).toEqual(["two"]);
    const err = await rejection(
      (async () => {
        for await (const _ of adapter.logs("missing", { follow: false })) {
          /* drain */
        }
      })(),
    );
    expect(err.code).toBe(RuntimeErrorCode.notFound);
  });

  it("stops following when the caller aborts", async () => {
    const adapter = adapterFor();
    const { id } = await adapter.create(spec({ command: ["sh", "-c", "echo ready; sleep 3600"] }));
    await adapter.start(id);
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const line of adapter.logs(id, { follow: true, signal: controller.signal })) {
      seen.push(line.text);
      controller.abort();
    }
    expect(seen).toEqual(["ready"]);
  });
});

describe("apple adapter networks and volumes", () => {
  it("refuses network names the runtime cannot take", async () => {
    const err = await rejection(adapterFor().ensureNetwork("Demo_Default", {}));
    expect(err.code).toBe(RuntimeErrorCode.unsupported);
  });

  it("will not remove a volume a container still uses, and says so", async () => {
    const adapter = adapterFor();
    await adapter.ensureVolume("demo_data", { [Labels.project]: "demo" });
    await adapter.create(
      spec({ volumes: [{ type: "volume", source: "demo_data", target: "/d", readOnly: false }] }),
    );
    expect((await rejection(adapter.removeVolume("demo_data"))).code).toBe(RuntimeErrorCode.failed);
    await adapter.remove("demo-web-1");
    await adapter.removeVolume("demo_data");
    expect((await adapter.observe("demo")).volumes).toEqual([]);
  });
});
