/**
 * The daemon with --runtime swarm, killed node while it runs: it converges the project, moves the
 * service with `failover` off the dead node (and only that one), records the move and the
 * recommendation for the pinned one as events, and moves it back once the node has returned and
 * stayed up. The resync interval is long (10m), so everything here rides on Swarm's events and the
 * daemon's own follow-up when an `after` or settle time comes due.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa, type ResultPromise } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_NODE_ARGS } from "../e2e/tsx-entry.js";
import { killNode, restartNode, swarmDocker, swarmInfo } from "../harness/swarm.js";
import { uniqueSwarmProject } from "./swarm-support.js";

const P = uniqueSwarmProject("dm");
const [manager = "", worker = ""] = swarmInfo().nodes;
const dir = mkdtempSync(join(tmpdir(), "hw-swarm-daemon-"));
const env = { DOCKER_HOST: swarmInfo().managerHost, HOSTWRIGHT_STATE_DIR: join(dir, "state"), NO_COLOR: "1" };
const manifest = join(dir, "hostwright.yaml");
writeFileSync(
  manifest,
  `version: 2
project: ${P}
reconcile: { mode: heal, resync: 10m }
services:
  mover:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    placement: { nodes: [${worker}], failover: [${manager}], after: 3s }
  pinned:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    placement: { nodes: [${worker}] }
`,
);
let daemon: ResultPromise | undefined;

function hw(args: string[]) {
  return execa("node", [...CLI_NODE_ARGS, "--runtime", "swarm", ...args], {
    cwd: dir,
    reject: false,
    env,
    timeout: 60_000,
  });
}

async function constraints(service: string): Promise<string[]> {
  const out = await swarmDocker([
    "service",
    "inspect",
    "-f",
    "{{json .Spec.TaskTemplate.Placement.Constraints}}",
    `${P}_${service}`,
  ]).catch(() => "null");
  return JSON.parse(out) ?? [];
}

async function eventually(what: string, ok: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

afterAll(async () => {
  daemon?.kill("SIGTERM");
  await daemon?.catch(() => undefined);
  await restartNode(worker).catch(() => undefined);
  await hw(["down", "-f", manifest]);
});

describe("swarm daemon", () => {
  it("converges the project on start", async () => {
    daemon = execa("node", [...CLI_NODE_ARGS, "--runtime", "swarm", "daemon", "--project-file", manifest], {
      cwd: dir,
      reject: false,
      env: { ...env, HOSTWRIGHT_FAILBACK_SETTLE: "3s" },
    });
    await eventually(
      "both services created",
      async () => (await constraints("mover")).length > 0 && (await constraints("pinned")).length > 0,
    );
    expect(await constraints("mover")).toEqual([`node.hostname==${worker}`]);
  });

  it("fails the service with failover over when its node dies, and leaves the pinned one", async () => {
    await killNode(worker);
    await eventually(
      "mover pinned to the failover node",
      async () => (await constraints("mover")).includes(`node.hostname==${manager}`),
      90_000,
    );
    expect(await constraints("pinned")).toEqual([`node.hostname==${worker}`]);
    // One JSON object per line.
    const out = String((await hw(["events", "--project", P, "--json"])).stdout);
    const events = out
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; service?: string; message: string });
    expect(events.some((e) => e.service === "mover" && e.message.includes(`to node ${manager}`))).toBe(true);
    expect(
      events.some(
        (e) => e.type === "reconcile_blocked" && e.service === "pinned" && e.message.includes(worker),
      ),
    ).toBe(true);
  });

  it("moves it back once the node has returned and stayed up", async () => {
    await restartNode(worker);
    await eventually(
      "mover back on its node",
      async () => (await constraints("mover")).includes(`node.hostname==${worker}`),
      90_000,
    );
  });
});
