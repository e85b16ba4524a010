/**
 * Issue 4's rollback policy on the real engine: a failed update returns the service to its last
 * good spec on its own; with `update.failureAction: pause` it stops and says why instead.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { HwEvent } from "../../src/core/index.js";
import { dockerCli, uniqueProject } from "../harness/index.js";
import { Workspace } from "./cli.js";
import { cleanupProject, projectContainers } from "./docker-state.js";

const projects: string[] = [];
afterEach(async () => {
  for (const p of projects.splice(0)) await cleanupProject(p);
});

function manifest(P: string, version: string, command: string, failureAction = "rollback"): string {
  return `version: 2
project: ${P}
services:
  api:
    image: hostwright.local/busybox:1
    init: true
    command: ${command}
    env: { VERSION: "${version}" }
    update: { failureAction: ${failureAction} }
`;
}

const GOOD = `[httpd, -f, -p, "8080", -h, /www]`;
const BROKEN = `[sh, -c, "exit 1"]`;

async function events(ws: Workspace, P: string): Promise<HwEvent[]> {
  const r = await ws.hw(["events", "-p", P, "--json", "--limit", "500"]);
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as HwEvent);
}

describe("rollback of a failed update", () => {
  it("rolls the service back to its previous spec automatically", async () => {
    const P = uniqueProject("rb");
    projects.push(P);
    const ws = new Workspace(P);
    ws.write(manifest(P, "1", GOOD));
    expect((await ws.hw(["apply"])).code).toBe(0);
    ws.write(manifest(P, "2", BROKEN));
    const r = await ws.hw(["apply"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("exited with code 1 instead of staying up");
    expect(r.stdout).toContain("rolled back to its previous spec");
    const cs = await projectContainers(P);
    expect(cs.map((c) => `${c.name}:${c.state}`)).toEqual([`${P}-api-1:running`]);
    expect((await dockerCli(["exec", `${P}-api-1`, "sh", "-c", "echo $VERSION"])).stdout.trim()).toBe("1");
    expect((await events(ws, P)).some((e) => e.type === "rolled_back" && e.service === "api")).toBe(true);
    expect((await ws.hw(["state", "check"])).code).toBe(0);
    // The declared state is still v2, so the plan honestly shows the pending change.
    expect((await ws.hw(["plan", "--detailed-exitcode"])).code).toBe(2);
  });

  it("with failureAction pause, does not roll back and says why", async () => {
    const P = uniqueProject("rbp");
    projects.push(P);
    const ws = new Workspace(P);
    ws.write(manifest(P, "1", GOOD, "pause"));
    expect((await ws.hw(["apply"])).code).toBe(0);
    ws.write(manifest(P, "2", BROKEN, "pause"));
    const r = await ws.hw(["apply"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("not rolled back automatically: update.failureAction is pause");
    expect((await events(ws, P)).some((e) => e.type === "rolled_back")).toBe(false);
    // Start-first kept the old container serving under its temporary name.
    const old = (await projectContainers(P)).find((c) => c.name.startsWith(`${P}-api-1-old-`));
    expect(old?.state).toBe("running");
    // The explicit recovery plan: `plan` shows it, `apply --recovery` runs it.
    const plan = await ws.hw(["plan"]);
    expect(plan.stdout).toContain("Recovery plan recorded");
    const rec = await ws.hw(["apply", "--recovery"]);
    expect(rec.code, rec.stdout + rec.stderr).toBe(0);
    expect(rec.stdout).toContain("Recovery plan done");
    expect((await projectContainers(P)).map((c) => `${c.name}:${c.state}`)).toEqual([`${P}-api-1:running`]);
    expect((await dockerCli(["exec", `${P}-api-1`, "sh", "-c", "echo $VERSION"])).stdout.trim()).toBe("1");
    expect((await ws.hw(["plan"])).stdout).not.toContain("Recovery plan recorded");
    expect((await ws.hw(["state", "check"])).code).toBe(0);
  });
});
