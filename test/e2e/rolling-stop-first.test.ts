/**
 * Issue 14, defect 2 on the real engine: a stop-first rolling update (maxSurge 0) of 3 replicas
 * with a readiness probe stops one replica at a time and starts the next batch only after the
 * replacement's readiness op succeeded; every replica ends on the new spec.
 */
import { afterEach, describe, expect, it } from "vitest";
import { dockerCliOk, uniqueProject } from "../harness/index.js";
import { Workspace } from "./cli.js";
import { cleanupProject, projectContainers } from "./docker-state.js";

const projects: string[] = [];
afterEach(async () => {
  for (const p of projects.splice(0)) await cleanupProject(p);
});

const manifest = (P: string, version: string) => `version: 2
project: ${P}
services:
  w:
    image: hostwright.local/busybox:1
    init: true
    command: [httpd, -f, -p, "8080", -h, /www]
    replicas: 3
    stopGracePeriod: 1s
    env: { VERSION: "${version}" }
    update: { maxSurge: 0, maxUnavailable: 1 }
    probes:
      readiness:
        http: { port: 8080, path: / }
        interval: 200ms
`;

interface JsonOp {
  id: number;
  kind: string;
  name?: string;
  dependsOn: number[];
  reason: { kind: string };
}

describe("stop-first rolling update", () => {
  it("gates each next replica on the previous replacement being ready", async () => {
    const P = uniqueProject("roll-stop-first");
    projects.push(P);
    const ws = new Workspace(P);
    ws.write(manifest(P, "1"));
    expect((await ws.hw(["apply"])).code).toBe(0);
    ws.write(manifest(P, "2"));
    const r = await ws.json<{ ok: boolean; ops: JsonOp[]; results: { op: number; outcome: string }[] }>([
      "apply",
    ]);
    expect(r.ok).toBe(true);
    const gate = (n: number) =>
      r.ops.find((o) => o.kind === "await" && o.name === `${P}-w-${n}` && o.reason.kind === "batch-gate");
    for (const n of [2, 3]) {
      const stop = r.ops.find((o) => o.kind === "stop" && o.name === `${P}-w-${n}`);
      expect(stop?.dependsOn).toContain(gate(n - 1)?.id);
    }
    expect(r.results.every((x) => x.outcome === "done")).toBe(true);
    const cs = await projectContainers(P);
    expect(cs.map((c) => `${c.name}:${c.state}`)).toEqual([1, 2, 3].map((n) => `${P}-w-${n}:running`));
    for (const c of cs)
      expect((await dockerCliOk(["exec", c.name, "sh", "-c", "echo $VERSION"])).trim()).toBe("2");
  });
});
