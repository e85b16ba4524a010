/** DockerAdapter exec, logs and events against the real harness engine. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { LogLine, RuntimeEvent } from "../../src/core/index.js";
import { createDockerAdapter, type DockerAdapter } from "../../src/runtime/docker/index.js";
import {
  dockerCliOk,
  dockerHost,
  ownedLabels,
  removeProjectResources,
  testContainerSpec,
  uniqueProject,
} from "../harness/index.js";

let adapter: DockerAdapter;
const projects: string[] = [];

/** A running container of a fresh project; `command` replaces httpd when given. */
async function runContainer(prefix: string, command?: string[]): Promise<{ project: string; id: string }> {
  const project = uniqueProject(prefix);
  projects.push(project);
  await adapter.ensureNetwork(`${project}_default`, ownedLabels(project));
  const { id } = await adapter.create(testContainerSpec(project, "app", 1, command ? { command } : {}));
  await adapter.start(id);
  return { project, id };
}

async function waitForExit(id: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await adapter.inspect(id))?.state === "exited") return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`container ${id} did not exit`);
}

async function collect(lines: AsyncIterable<LogLine>): Promise<LogLine[]> {
  const out: LogLine[] = [];
  for await (const line of lines) out.push(line);
  return out;
}

beforeAll(() => {
  adapter = createDockerAdapter({ host: dockerHost() });
});

afterEach(async () => {
  for (const p of projects.splice(0)) await removeProjectResources(p);
});

afterAll(async () => {
  await adapter.close();
});

describe("exec", () => {
  it("returns combined output and the exit code", async () => {
    const { id } = await runContainer("exec");
    const result = await adapter.exec(id, ["sh", "-c", "echo out; echo err >&2; exit 3"], 10_000);
    expect(result.exitCode).toBe(3);
    expect(result.timedOut).toBe(false);
    expect(result.output.split("\n").sort()).toEqual(["", "err", "out"]);
  });

  it("caps the output at 4 KiB", async () => {
    const { id } = await runContainer("execcap");
    const result = await adapter.exec(id, ["sh", "-c", "yes abcdefgh | head -c 20000"], 10_000);
    expect(result.exitCode).toBe(0);
    expect(result.output.length).toBe(4096);
  });

  it("stops waiting at the timeout", async () => {
    const { id } = await runContainer("exectimeout");
    const result = await adapter.exec(id, ["sleep", "5"], 500);
    expect(result).toEqual({ exitCode: -1, output: "", timedOut: true });
  });

  it("fails with notFound for a missing container", async () => {
    await expect(adapter.exec("no-such-container-xyz", ["true"], 1000)).rejects.toMatchObject({
      code: "HW-RUNTIME-002",
    });
  });
});

describe("logs", () => {
  it("demultiplexes stdout and stderr lines, with tail", async () => {
    // stdout and stderr are separate pipes: without the pause, the engine may log "three" before
    // "two", and the last line (tail 1) would be a race.
    const { id } = await runContainer("logs", ["sh", "-c", "echo one; echo two >&2; sleep 0.3; echo three"]);
    await waitForExit(id);
    const all = await collect(adapter.logs(id, { follow: false }));
    expect(all.filter((l) => l.stream === "stdout").map((l) => l.text)).toEqual(["one", "three"]);
    expect(all.filter((l) => l.stream === "stderr").map((l) => l.text)).toEqual(["two"]);
    const last = await collect(adapter.logs(id, { follow: false, tail: 1 }));
    expect(last).toEqual([{ stream: "stdout", text: "three" }]);
  });

  it("follows until aborted, then ends cleanly", async () => {
    const { id } = await runContainer("follow", ["sh", "-c", "echo first; sleep 60"]);
    const abort = new AbortController();
    const seen: LogLine[] = [];
    for await (const line of adapter.logs(id, { follow: true, signal: abort.signal })) {
      seen.push(line);
      abort.abort();
    }
    expect(seen).toEqual([{ stream: "stdout", text: "first" }]);
  });
});

describe("events", () => {
  it("reports a die event for a killed container of the project only", async () => {
    const { project, id } = await runContainer("events");
    const other = await runContainer("events-other");
    const abort = new AbortController();
    const iterator = adapter.events(project, abort.signal)[Symbol.asyncIterator]();

    // The stream only sees what happens after it connects: poke the container (an exec makes
    // events) until the first event proves the subscription is live.
    const first = iterator.next();
    let live = false;
    void first.then(() => {
      live = true;
    });
    for (let i = 0; i < 50 && !live; i++) {
      await adapter.exec(id, ["true"], 5000);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(live).toBe(true);

    await dockerCliOk(["kill", other.id]);
    await dockerCliOk(["kill", id]);
    const deadline = setTimeout(() => abort.abort(), 15_000);
    let die: RuntimeEvent | undefined;
    const seen: RuntimeEvent[] = [(await first).value as RuntimeEvent];
    while (!die) {
      const next = await iterator.next();
      if (next.done) break;
      seen.push(next.value);
      if (next.value.action === "die") die = next.value;
    }
    clearTimeout(deadline);
    abort.abort();
    expect(die).toMatchObject({ action: "die", containerId: id });
    expect(die?.labels["dev.hostwright.project"]).toBe(project);
    expect(Date.parse(die?.time ?? "")).not.toBeNaN();
    expect(seen.every((e) => e.labels["dev.hostwright.project"] === project)).toBe(true);
    // After the abort the iteration is over rather than failing.
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});
