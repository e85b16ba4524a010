/**
 * The emulator answers like the reference (reference/apple-container.md) says the real CLI
 * does: output shapes, exact error texts and exit codes. Built from the reference, not from the
 * adapter, so the adapter tests that use it test against the documented behaviour.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type EmulatorSandbox, emulatorSandbox } from "../apple-emulator/harness.js";

const fixtures = resolve(import.meta.dirname, "../../../shared/fixtures/apple-container");

let emu: EmulatorSandbox;
beforeEach(() => {
  emu = emulatorSandbox();
});
afterEach(() => emu.dispose());

// biome-ignore lint/suspicious/noExplicitAny: assertions walk raw CLI JSON of many shapes
const json = (text: string) => JSON.parse(text) as Array<Record<string, any>>;

describe("container emulator: version and system", () => {
  it.each(["1.0.0", "1.1.0"])("prints --version exactly like the %s fixture", async (version) => {
    const r = await emu.run(["--version"], { APPLE_EMULATOR_VERSION: version });
    let expected: string;
    try {
      expected = readFileSync(resolve(fixtures, `apple-container-${version}-version.txt`), "utf8");
    } catch {
      expected = `container CLI version ${version} (build: release, commit: ${version === "1.0.0" ? "ee848e3" : "5973b9c"})\n`;
    }
    expect(r).toEqual({ stdout: expected.trimEnd(), stderr: "", exitCode: 0 });
  });

  it("defaults to 1.1.0", async () => {
    expect((await emu.run(["--version"])).stdout).toMatch(/^container CLI version 1\.1\.0 /);
  });

  it("reports a stopped system with exit 1 and no Error line; other commands fail with the XPC text", async () => {
    const down = { APPLE_EMULATOR_SYSTEM: "stopped" };
    expect(await emu.run(["system", "status"], down)).toEqual({
      stdout: "apiserver is not running",
      stderr: "",
      exitCode: 1,
    });
    const start = await emu.run(["start", "web"], down);
    expect(start.exitCode).toBe(1);
    expect(start.stderr).toBe(
      'Error: interrupted: "XPC connection error: Connection invalid"\n' +
        "Ensure container system service has been started with `container system start`.",
    );
    const list = await emu.run(["list"], down);
    expect(list.stderr.split("\n")[0]).toBe(
      'Error: internalError: "failed to list containers" (cause: "interrupted: "XPC connection error: Connection invalid"")',
    );
  });

  it("restarting the system leaves every container stopped and reaps --rm ones", async () => {
    await emu.run(["run", "-d", "--name", "keep", "busybox", "sleep", "100"]);
    await emu.run(["run", "-d", "--rm", "--name", "temp", "busybox", "sleep", "100"]);
    await emu.run(["system", "stop"]);
    await emu.run(["system", "start", "--enable-kernel-install"]);
    const list = json((await emu.run(["list", "--all", "--format", "json"])).stdout);
    expect(list.map((c) => [c.id, c.status.state, c.status.startedDate])).toEqual([
      ["keep", "stopped", undefined],
    ]);
  });
});

describe("container emulator: JSON output", () => {
  it("lists 1.x JSON: compact, sorted keys, escaped slashes, stopped without startedDate after create", async () => {
    expect((await emu.run(["create", "--name", "web", "-l", "app=demo", "busybox"])).stdout).toBe("web");
    const out = (await emu.run(["list", "--all", "--format", "json"])).stdout;
    expect(out.split("\n")).toHaveLength(1);
    expect(out).toContain('"reference":"docker.io\\/library\\/busybox:latest"');
    const [c] = json(out);
    expect(Object.keys(c ?? {})).toEqual(["configuration", "id", "status"]);
    expect(c?.status).toEqual({ networks: [], state: "stopped" });
    expect(c?.configuration.labels).toEqual({ app: "demo" });
    expect((await emu.run(["list", "--format", "json"])).stdout).toBe("[]"); // running only without -a
  });

  it("prints the pre-1.0 shape for 0.x versions and [] for a missing inspect", async () => {
    const old = { APPLE_EMULATOR_VERSION: "0.12.3" };
    await emu.run(["run", "-d", "--name", "web", "busybox", "sleep", "100"], old);
    const [c] = json((await emu.run(["list", "--all", "--format", "json"], old)).stdout);
    expect(c?.status).toBe("running");
    expect(c?.id).toBeUndefined();
    expect(typeof c?.startedDate).toBe("number");
    expect(c?.networks[0].ipv4Address).toMatch(/^192\.168\.64\.\d+\/24$/);
    expect(await emu.run(["inspect", "missing"], old)).toEqual({ stdout: "[]", stderr: "", exitCode: 0 });
  });

  it("inspects as pretty JSON with ' : ' separators", async () => {
    await emu.run(["create", "--name", "web", "busybox"]);
    const out = (await emu.run(["inspect", "web"])).stdout;
    expect(out).toMatch(/^\[\n {2}\{\n {4}"configuration" : \{/);
  });

  it("allocates a new IP on every start and truncates the log", async () => {
    await emu.run(["create", "--name", "web", "busybox", "sh", "-c", "echo booted; sleep 100"]);
    const ips: string[] = [];
    for (let i = 0; i < 2; i++) {
      await emu.run(["start", "web"]);
      ips.push(json((await emu.run(["inspect", "web"])).stdout)[0]?.status.networks[0].ipv4Address);
      await emu.run(["stop", "web"]);
    }
    expect(ips[0]).not.toBe(ips[1]);
    expect((await emu.run(["logs", "web"])).stdout).toBe("booted");
  });

  it("hands every argument after the image to the process (flags must come first)", async () => {
    const id = (await emu.run(["create", "busybox", "--name", "web"])).stdout;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [c] = json((await emu.run(["inspect", id])).stdout);
    const init = c?.configuration.initProcess;
    expect([init.executable, ...init.arguments]).toEqual(["--name", "web"]);
  });
});

describe("container emulator: documented error texts and exit codes", () => {
  it.each([
    [["inspect", "missing", "gone"], "Error: container not found: gone, missing"],
    [
      ["stop", "missing"],
      'Error: internalError: "failed to stop container" (cause: "notFound: "container with ID missing not found"")',
    ],
    [
      ["delete", "missing"],
      'Error: internalError: "failed to delete container" (cause: "notFound: "container with ID missing not found"")',
    ],
    [["start", "missing"], "Error: get failed: container missing not found"],
    [["exec", "missing", "true"], "Error: get failed: container missing not found"],
    [
      ["logs", "missing"],
      'Error: failed to get logs for container missing (cause: "internalError: "failed to open container logs: notFound: "container with ID missing not found""")',
    ],
    [
      ["create", "-m", "100M", "busybox"],
      "Error: minimum memory amount allowed is 200 MiB (got 104857600 bytes)",
    ],
    [["create", "--name", "x", "busybox"], "Error: container ID x is not a valid container ID"],
    [["create", "--network", "foo", "busybox"], "Error: network foo not found"],
  ])("%j → exit 1, %s", async (args, stderr) => {
    expect(await emu.run(args)).toEqual({ stdout: "", stderr, exitCode: 1 });
  });

  it("reports parse errors with exit 64 and the usage text", async () => {
    const cpus = await emu.run(["create", "--cpus", "0.5", "busybox"]);
    expect(cpus.exitCode).toBe(64);
    expect(cpus.stderr).toMatch(
      /^Error: The value '0\.5' is invalid for '--cpus <cpus>'\nUsage: container create/,
    );
    const restart = await emu.run(["run", "--restart", "always", "busybox"]);
    expect(restart.exitCode).toBe(64);
    expect(restart.stderr).toMatch(/^Error: Unknown option '--restart'/);
  });

  it("rejects label values containing '='", async () => {
    const r = await emu.run(["create", "-l", "k=a=b", "busybox"]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("invalid label format");
  });

  it("distinguishes create (server, after fetch) from run (client) name conflicts", async () => {
    await emu.run(["create", "--name", "web", "busybox"]);
    expect((await emu.run(["create", "--name", "web", "busybox"])).stderr).toBe(
      "Error: container already exists: web",
    );
    expect((await emu.run(["run", "--name", "web", "busybox"])).stderr).toBe(
      "Error: container with id web already exists",
    );
  });

  it("gives exactly one of two concurrent creates the name", async () => {
    const results = await Promise.all([1, 2, 3].map(() => emu.run(["create", "--name", "race", "busybox"])));
    expect(results.map((r) => r.exitCode).sort()).toEqual([0, 1, 1]);
  });

  it("is idempotent for start of running and stop of stopped, and refuses deleting a running one", async () => {
    await emu.run(["run", "-d", "--name", "web", "busybox", "sleep", "100"]);
    expect(await emu.run(["start", "web"])).toEqual({ stdout: "web", stderr: "", exitCode: 0 });
    expect((await emu.run(["delete", "web"])).stderr).toBe(
      'Error: internalError: "failed to delete container" (cause: "invalidState: "container web is running and can not be deleted"")',
    );
    await emu.run(["stop", "web"]);
    expect(await emu.run(["stop", "web"])).toEqual({ stdout: "web", stderr: "", exitCode: 0 });
    expect((await emu.run(["exec", "web", "true"])).stderr).toBe("Error: container web is not running");
  });

  it("ignores a stop of an unknown ID before 0.11.0", async () => {
    expect(await emu.run(["stop", "missing"], { APPLE_EMULATOR_VERSION: "0.10.0" })).toEqual({
      stdout: "",
      stderr: "",
      exitCode: 0,
    });
  });

  it("refuses existing volume and network names and volumes still referenced", async () => {
    await emu.run(["volume", "create", "data"]);
    expect((await emu.run(["volume", "create", "data"])).stderr).toBe("Error: volume 'data' already exists");
    await emu.run(["network", "create", "net"]);
    expect((await emu.run(["network", "create", "net"])).stderr).toBe("Error: network net already exists");
    await emu.run(["create", "--name", "web", "-v", "data:/data", "busybox"]);
    expect((await emu.run(["volume", "delete", "data"])).exitCode).toBe(1);
    expect((await emu.run(["network", "delete", "default"])).stderr).toMatch(
      /^Error: delete failed for one or more networks/,
    );
  });
});

describe("container emulator: exec's tiny command set", () => {
  beforeEach(async () => {
    await emu.run(["run", "-d", "--name", "web", "-e", "FOO=bar baz", "busybox", "sleep", "100"]);
  });

  it("runs true/false/exit and returns their status", async () => {
    expect((await emu.run(["exec", "web", "true"])).exitCode).toBe(0);
    expect((await emu.run(["exec", "web", "false"])).exitCode).toBe(1);
    expect((await emu.run(["exec", "web", "sh", "-c", "exit 7"])).exitCode).toBe(7);
  });

  it("expands the container env and exec -e in echo, printenv and sh -c", async () => {
    expect((await emu.run(["exec", "web", "sh", "-c", 'echo "$FOO"'])).stdout).toBe("bar baz");
    expect((await emu.run(["exec", "-e", "X=1", "web", "printenv", "X"])).stdout).toBe("1");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, for the emulated sh
    const script = "false || echo recovered && echo ${FOO}";
    expect((await emu.run(["exec", "web", "sh", "-c", script])).stdout).toBe("recovered\nbar baz");
  });

  it("knows /etc/hostname and nothing else", async () => {
    expect((await emu.run(["exec", "web", "cat", "/etc/hostname"])).stdout).toBe("web");
    const missing = await emu.run(["exec", "web", "cat", "/etc/passwd"]);
    expect(missing.exitCode).toBe(1);
  });
});
