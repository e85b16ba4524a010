/**
 * The CLI with --runtime swarm and an inventory directory (project.yaml + hosts/<node>/services.yaml):
 * apply converges each host's services onto that node, plan is then empty, status shows nodes,
 * per-node services and the summary, a field swarm cannot honour is refused before anything
 * changes, and down removes what it owns.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_NODE_ARGS } from "../e2e/tsx-entry.js";
import { swarmDocker, swarmInfo } from "../harness/swarm.js";
import { uniqueSwarmProject } from "./swarm-support.js";

const P = uniqueSwarmProject("cli");
const [manager = "", worker = ""] = swarmInfo().nodes;
const dir = mkdtempSync(join(tmpdir(), "hw-swarm-cli-"));
const inventory = join(dir, "inventory");

function write(path: string, text: string): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
}
write(join(inventory, "project.yaml"), `version: 2\nproject: ${P}\n`);
write(
  join(inventory, "hosts", manager, "services.yaml"),
  "services:\n  api:\n    image: hostwright.local/busybox:1\n    stopGracePeriod: 1s\n",
);
write(
  join(inventory, "hosts", worker, "services.yaml"),
  "services:\n  web:\n    image: hostwright.local/busybox:1\n    stopGracePeriod: 1s\n    ports: ['0.0.0.0:18181:8080']\n",
);

async function hw(args: string[]) {
  const r = await execa("node", [...CLI_NODE_ARGS, "--runtime", "swarm", ...args], {
    cwd: dir,
    reject: false,
    env: { DOCKER_HOST: swarmInfo().managerHost, HOSTWRIGHT_STATE_DIR: join(dir, "state"), NO_COLOR: "1" },
    timeout: 120_000,
  });
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

async function nodeOf(service: string): Promise<string[]> {
  for (let i = 0; i < 60; i++) {
    const out = await swarmDocker([
      "service",
      "ps",
      "--filter",
      "desired-state=running",
      "--format",
      "{{.Node}} {{.CurrentState}}",
      `${P}_${service}`,
    ]);
    const running = out.split("\n").filter((l) => l.includes("Running"));
    if (running.length > 0) return running.map((l) => l.split(" ")[0] ?? "").sort();
    await new Promise((r) => setTimeout(r, 500));
  }
  return [];
}

afterAll(async () => {
  await hw(["down", "--project", P]);
});

describe("hostwright --runtime swarm with an inventory", () => {
  it("refuses a field swarm cannot honour before anything changes", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      `version: 2\nproject: ${P}\nservices:\n  web:\n    image: hostwright.local/busybox:1\n    ports: ['8080:8080']\n    privileged: true\n`,
    );
    const r = await hw(["apply", "-f", bad]);
    expect(r.code).toBe(65);
    expect(r.stderr).toContain("services.web.ports[0]");
    expect(r.stderr).toContain("services.web.privileged");
    expect(await swarmDocker(["service", "ls", "-q", "--filter", `name=${P}_`])).toBe("");
  });

  it("apply converges each host's services onto that node; plan is then empty", async () => {
    const r = await hw(["apply", "-f", inventory]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`create service ${P}_web`);
    expect(await nodeOf("api")).toEqual([manager]);
    expect(await nodeOf("web")).toEqual([worker]);
    const plan = await hw(["plan", "-f", inventory, "--detailed-exitcode"]);
    expect(plan.code, plan.stdout).toBe(0);
    expect(plan.stdout).toContain("nothing to do: 2 service(s) as declared");
  });

  it("status shows nodes, per-node services and the summary", async () => {
    const r = await hw(["status", "-f", inventory, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      runtime: string;
      summary: string;
      nodes: { hostname: string; state: string; services: string[] }[];
      services: { name: string; nodes: string[]; summary: string }[];
    };
    expect(s.runtime).toBe("swarm");
    expect(s.nodes.find((n) => n.hostname === worker)?.services).toEqual(["web"]);
    expect(s.nodes.find((n) => n.hostname === manager)?.services).toEqual(["api"]);
    expect(s.services.map((x) => [x.name, x.nodes, x.summary])).toEqual([
      ["api", [manager], "nominal"],
      ["web", [worker], "nominal"],
    ]);
    expect(s.summary).toBe("nominal");
    const text = await hw(["status", "-f", inventory]);
    expect(text.stdout).toMatch(new RegExp(`${worker}\\s+ready.*web`));
  });

  it("down removes what it owns", async () => {
    const r = await hw(["down", "-f", inventory]);
    expect(r.code, r.stderr).toBe(0);
    expect(await swarmDocker(["service", "ls", "-q", "--filter", `name=${P}_`])).toBe("");
  });
});
