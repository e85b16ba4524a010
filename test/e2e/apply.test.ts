/**
 * Issue 3 end to end on the real engine: apply a 4-service project with dependencies, a named
 * volume, replicas and published ports; re-apply is a no-op; a change replaces only its service;
 * scale up/down; removal of a service; an unowned name clash is refused and untouched; a saved
 * plan goes stale; down leaves nothing owned behind.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { dockerCli, uniqueProject } from "../harness/index.js";
import { Workspace } from "./cli.js";
import {
  cleanupProject,
  engineEventsSince,
  eventsMark,
  httpGet,
  idsByName,
  ownedLeftovers,
  projectContainers,
} from "./docker-state.js";
import { freePort } from "./ports.js";

const P = uniqueProject("shop");
const ws = new Workspace(P);
let webPort = 0;
let cleanupIntruder = async (): Promise<unknown> => undefined;

function manifest(o: { apiEnv?: string; apiReplicas?: number; withWorker?: boolean } = {}): string {
  return `version: 2
project: ${P}
volumes:
  data: {}
services:
  web:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    ports: ["${webPort}:8080"]
    probes:
      readiness:
        http: { port: 8080, path: / }
        interval: 300ms
  migrate:
    image: hostwright.local/busybox:1
    command: [sh, -c, "echo migrated > /data/migrated"]
    volumes: ["data:/data"]
    restart: { policy: "no" }
  api:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    replicas: ${o.apiReplicas ?? 2}
    command: [httpd, -f, -p, "8081", -h, /www]
    ports: ["8081"]
    env: { API_MODE: "${o.apiEnv ?? "one"}" }
    volumes: ["data:/data"]
    dependsOn: { web: ready, migrate: completed }
${
  o.withWorker === false
    ? ""
    : `  worker:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    command: [sh, -c, "while true; do wget -q -O /tmp/page http://web:8080/ && cp /tmp/page /www/last; sleep 1; done"]
    dependsOn: [api]
`
}`;
}

type PsRow = { name: string; service: string; state: string; ports: string };

describe("apply against the real engine", () => {
  beforeAll(async () => {
    webPort = await freePort();
    ws.write(manifest());
  });
  afterEach(async () => {
    await cleanupIntruder();
  });
  afterAll(async () => {
    await cleanupProject(P);
  });

  it("converges a 4-service project: dependencies, volume, replicas, published ports", async () => {
    const r = await ws.hw(["apply"]);
    expect(r.stderr).toBe("");
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain(`await ${P}-web-1 ready`);
    expect(r.stdout).toContain(`await ${P}-migrate-1 completed`);
    const cs = await projectContainers(P);
    expect(cs.map((c) => `${c.name}:${c.state}`)).toEqual([
      `${P}-api-1:running`,
      `${P}-api-2:running`,
      `${P}-migrate-1:exited`,
      `${P}-web-1:running`,
      `${P}-worker-1:running`,
    ]);
    expect((await httpGet(webPort)).body).toContain("hostwright ok");
    const ps = await ws.json<PsRow[]>(["ps"]);
    const apiPorts = ps
      .filter((p) => p.service === "api")
      .map((p) => Number(p.ports.match(/127\.0\.0\.1:(\d+)->8081/)?.[1]));
    expect(apiPorts).toHaveLength(2);
    for (const port of apiPorts) expect((await httpGet(port)).status).toBe(200);
    // The volume is shared and the one-shot job ran before api started.
    const cat = await dockerCli(["exec", `${P}-api-1`, "cat", "/data/migrated"]);
    expect(cat.stdout.trim()).toBe("migrated");
    // Services reach each other by name on the project network.
    const wget = await dockerCli(["exec", `${P}-worker-1`, "wget", "-q", "-O", "-", "http://api:8081/"]);
    expect(wget.stdout).toContain("hostwright ok");
  });

  it("re-applying a converged project changes nothing at all", async () => {
    const before = await projectContainers(P);
    // Fractional seconds: a whole-second bound would also catch the previous test's last
    // container start when it fell in the same second (seen in CI as a lone 'start').
    const since = eventsMark();
    const r = await ws.hw(["apply"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Already converged");
    expect(await projectContainers(P)).toEqual(before);
    const events = await engineEventsSince(since, `label=dev.hostwright.project=${P}`, "{{.Action}}");
    expect(events.filter((a) => !a.startsWith("exec_"))).toEqual([]);
    const plan = await ws.hw(["plan", "--detailed-exitcode"]);
    expect(plan.code).toBe(0);
  });

  it("a changed env replaces only that service's containers and says why", async () => {
    const before = await idsByName(P);
    ws.write(manifest({ apiEnv: "two" }));
    const plan = await ws.hw(["plan", "--detailed-exitcode"]);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain("spec changed: env API_MODE");
    expect(plan.stdout).toContain("start-first");
    const r = await ws.hw(["apply"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const after = await idsByName(P);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const name of Object.keys(before)) {
      if (name.includes("-api-")) expect(after[name], name).not.toBe(before[name]);
      else expect(after[name], name).toBe(before[name]);
    }
    const env = await dockerCli(["exec", `${P}-api-1`, "sh", "-c", "echo $API_MODE"]);
    expect(env.stdout.trim()).toBe("two");
  });

  it("scales up and down, highest replicas first", async () => {
    ws.write(manifest({ apiEnv: "two", apiReplicas: 4 }));
    expect((await ws.hw(["apply"])).code).toBe(0);
    expect(
      Object.keys(await idsByName(P))
        .filter((n) => n.includes("-api-"))
        .sort(),
    ).toEqual([1, 2, 3, 4].map((n) => `${P}-api-${n}`));
    ws.write(manifest({ apiEnv: "two", apiReplicas: 1 }));
    const r = await ws.hw(["apply"]);
    expect(r.code).toBe(0);
    expect(Object.keys(await idsByName(P)).filter((n) => n.includes("-api-"))).toEqual([`${P}-api-1`]);
  });

  it("removes a service that is no longer declared", async () => {
    ws.write(manifest({ apiEnv: "two", apiReplicas: 1, withWorker: false }));
    const plan = await ws.hw(["plan"]);
    expect(plan.stdout).toContain("orphan: service no longer declared");
    expect((await ws.hw(["apply"])).code).toBe(0);
    expect(Object.keys(await idsByName(P))).not.toContain(`${P}-worker-1`);
  });

  it("refuses a service whose name is taken by a container it does not own, and never touches it", async () => {
    ws.write(manifest({ apiEnv: "two", apiReplicas: 1 }));
    const intruder = await dockerCli([
      "run",
      "-d",
      "--name",
      `${P}-worker-1`,
      "hostwright.local/busybox:1",
      "sleep",
      "3600",
    ]);
    const intruderId = intruder.stdout.trim();
    cleanupIntruder = () => dockerCli(["rm", "-f", intruderId]);
    const r = await ws.hw(["apply"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `worker: blocked: name clash: ${P}-worker-1 exists and it has no hostwright labels`,
    );
    const after = (await projectContainers(P)).find((c) => c.name === `${P}-worker-1`);
    expect(after?.id).toBe(intruderId);
    expect(after?.state).toBe("running");
    const status = await ws.json<{ summary: string }>(["status"]);
    expect(status.summary).toBe("unstable");
    await cleanupIntruder();
    expect((await ws.hw(["apply"])).code).toBe(0);
  });

  it("refuses a saved plan after someone stops a container by hand (exit 70)", async () => {
    ws.write(manifest({ apiEnv: "three", apiReplicas: 1 }));
    const planFile = `${ws.dir}/plan.json`;
    const saved = await ws.hw(["plan", "--out", planFile]);
    expect(saved.code).toBe(0);
    await dockerCli(["stop", "-t", "1", `${P}-web-1`]);
    const r = await ws.hw(["apply", planFile]);
    expect(r.code).toBe(70);
    expect(r.stderr).toContain("HW-PLAN-001");
    // Nothing of the stale plan ran: api still has the old env.
    const env = await dockerCli(["inspect", "-f", "{{range .Config.Env}}{{println .}}{{end}}", `${P}-api-1`]);
    expect(env.stdout).toContain("API_MODE=two");
    const fresh = await ws.hw(["plan", "--json"]);
    const hash = (JSON.parse(fresh.stdout) as { hash: string }).hash;
    expect((await ws.hw(["apply", "--confirm-plan", hash])).code).toBe(0);
  });

  it("down removes everything it owns and keeps retained volumes unless asked", async () => {
    const r = await ws.hw(["down"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    let left = await ownedLeftovers(P);
    expect(left.containers).toEqual([]);
    expect(left.networks).toEqual([]);
    expect(left.volumes).toHaveLength(1);
    expect((await ws.hw(["down", "--volumes"])).code).toBe(0);
    left = await ownedLeftovers(P);
    expect(left).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
