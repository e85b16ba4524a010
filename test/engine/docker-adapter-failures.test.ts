/** How DockerAdapter fails: missing images without a registry, digests, and no engine at all. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExitCode, HwError, RuntimeErrorCode } from "../../src/core/index.js";
import { createDockerAdapter, type DockerAdapter } from "../../src/runtime/docker/index.js";
import { dockerHost, TEST_IMAGE } from "../harness/index.js";

let adapter: DockerAdapter;

beforeAll(() => {
  adapter = createDockerAdapter({ host: dockerHost() });
});

afterAll(async () => {
  await adapter.close();
});

describe("ensureImage", () => {
  it("uses the local image without pulling", async () => {
    const progress: string[] = [];
    const info = await adapter.ensureImage(TEST_IMAGE, {
      requireDigest: false,
      onProgress: (m) => progress.push(m),
    });
    expect(info).toMatchObject({ ref: TEST_IMAGE, pulled: false, digests: [] });
    expect(info.id).toMatch(/^sha256:/);
    expect(progress).toEqual([]);
  });

  it("fails with imageMissing when the image is absent and no registry answers", async () => {
    const err = await adapter
      .ensureImage("hostwright.local/does-not-exist:1", { requireDigest: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HwError);
    expect((err as HwError).code).toBe(RuntimeErrorCode.imageMissing);
    expect((err as HwError).hint).toMatch(/no registry reachable/);
  });

  it("refuses a locally built image under require-digest", async () => {
    await expect(adapter.ensureImage(TEST_IMAGE, { requireDigest: true })).rejects.toMatchObject({
      code: RuntimeErrorCode.digestMismatch,
    });
  });
});

describe("an engine that is not there", () => {
  it("ping fails with HW-RUNTIME-001 and exit code 69", async () => {
    const bogus = join(mkdtempSync(join(tmpdir(), "hw-bogus-")), "docker.sock");
    const down = createDockerAdapter({ host: `unix://${bogus}` });
    const err = await down.ping().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HwError);
    expect(err).toMatchObject({ code: RuntimeErrorCode.unavailable, exitCode: ExitCode.runtimeUnavailable });
    expect((err as HwError).hint).toMatch(/engine\.sh start/);
    await expect(down.observe("anything")).rejects.toMatchObject({ code: RuntimeErrorCode.unavailable });
    await down.close();
  });

  it("ping succeeds against the harness engine and negotiates a version no newer than ours", async () => {
    await adapter.ping();
    expect(adapter.client.apiVersion).toMatch(/^1\.\d+$/);
    expect(Number(adapter.client.apiVersion?.split(".")[1])).toBeLessThanOrEqual(44);
  });
});
