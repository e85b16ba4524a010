/**
 * Proves the CI plumbing: the harness engine runs a container from the test image, publishes its
 * port on 127.0.0.1 and the host can fetch from it.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import {
  dockerCliOk,
  dockerHost,
  removeProjectResources,
  TEST_IMAGE,
  uniqueProject,
} from "../harness/index.js";

const project = uniqueProject("smoke");

afterAll(async () => {
  await removeProjectResources(project);
});

async function fetchWithRetry(url: string): Promise<string> {
  let lastError: unknown;
  // httpd needs a moment after `docker run -d` returns before it accepts connections.
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      const res = await fetch(url);
      return await res.text();
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw lastError;
}

describe("engine smoke", () => {
  it("hands the engine address to test workers, provided and in the environment", () => {
    expect(inject("dockerHost")).toMatch(/^(unix|tcp):\/\//);
    expect(process.env.DOCKER_HOST).toBe(inject("dockerHost"));
    expect(dockerHost()).toBe(inject("dockerHost"));
  });

  it("serves index.html from a published port on 127.0.0.1", async () => {
    const label = `dev.hostwright.project=${project}`;
    await dockerCliOk(["network", "create", "--label", label, `${project}_default`]);
    await dockerCliOk([
      "run",
      "-d",
      "--name",
      `${project}-web-1`,
      "--label",
      label,
      "--network",
      `${project}_default`,
      "-p",
      "127.0.0.1::8080",
      TEST_IMAGE,
    ]);
    const port = (await dockerCliOk(["port", `${project}-web-1`, "8080/tcp"])).split("\n")[0] ?? "";
    expect(port).toMatch(/^127\.0\.0\.1:\d+$/);

    const body = await fetchWithRetry(`http://${port}/index.html`);
    expect(body.trim()).toBe("hostwright ok");
  });
});
