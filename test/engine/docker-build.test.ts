/**
 * Builds on the real engine: FROM the busybox test image with a COPY, .dockerignore honoured,
 * a failing step named in the error with nothing tagged, and the inputs hash naming a change.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuildSpec } from "../../src/core/index.js";
import { buildInputsHash, readContext } from "../../src/runtime/build/build-context.js";
import { createDockerAdapter, type DockerAdapter } from "../../src/runtime/docker/index.js";
import { dockerCli, dockerCliOk, dockerHost, TEST_IMAGE, uniqueProject } from "../harness/index.js";

let adapter: DockerAdapter;
let dir: string;
const project = uniqueProject("build");
const tags: string[] = [];

beforeAll(() => {
  adapter = createDockerAdapter({ host: dockerHost() });
  dir = mkdtempSync(join(tmpdir(), "hw-build-"));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (tags.length > 0) await dockerCli(["rmi", "-f", ...tags]);
  await adapter.close();
});

const spec = (): BuildSpec => ({
  context: dir,
  dockerfile: "Dockerfile",
  args: { GREETING: "hi" },
  labels: {},
});

describe("DockerAdapter.build", () => {
  it("builds FROM the test image with a COPY, honouring .dockerignore, with live progress", async () => {
    writeFileSync(
      join(dir, "Dockerfile"),
      `FROM ${TEST_IMAGE}\nARG GREETING\nCOPY . /app/\nRUN echo $GREETING > /app/greeting\n`,
    );
    writeFileSync(join(dir, "server.sh"), "echo serve\n");
    writeFileSync(join(dir, "secret.env"), "X=1\n");
    writeFileSync(join(dir, ".dockerignore"), "*.env\n");
    const files = await readContext(spec());
    expect(files.map((f) => f.path)).toEqual([".dockerignore", "Dockerfile", "server.sh"]);
    const tag = `${project}-web:hw-${buildInputsHash(spec(), files).slice(0, 12)}`;
    tags.push(tag);
    const lines: string[] = [];
    const { imageId } = await adapter.build(spec(), tag, (l) => lines.push(l));
    expect(imageId).toMatch(/^sha256:/);
    expect(lines.some((l) => l.includes("COPY"))).toBe(true);
    const out = await dockerCliOk(["run", "--rm", tag, "sh", "-c", "ls /app; cat /app/greeting"]);
    expect(out).toContain("server.sh");
    expect(out).not.toContain("secret.env");
    expect(out).toContain("hi");

    // A content change changes the inputs hash (so the tag); an ignored file's does not.
    const before = buildInputsHash(spec(), files);
    writeFileSync(join(dir, "secret.env"), "X=2\n");
    expect(buildInputsHash(spec(), await readContext(spec()))).toBe(before);
    writeFileSync(join(dir, "server.sh"), "echo serve2\n");
    const after = await readContext(spec());
    expect(buildInputsHash(spec(), after)).not.toBe(before);
    expect(after.find((f) => f.path === "server.sh")?.sha256).not.toBe(
      files.find((f) => f.path === "server.sh")?.sha256,
    );
  });

  it("a failed build names the failing step and tags nothing", async () => {
    writeFileSync(join(dir, "Dockerfile"), `FROM ${TEST_IMAGE}\nRUN true\nRUN exit 3\n`);
    const tag = `${project}-bad:hw-000000000000`;
    const err = (await adapter.build(spec(), tag).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain("RUN exit 3");
    expect((await dockerCli(["image", "inspect", tag])).exitCode).not.toBe(0);
  });
});
