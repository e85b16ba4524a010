/**
 * files: of kind secret on the real test swarm, through the CLI: the secret is created by
 * reference and the task's container reads it at its target, a re-apply plans nothing, a content
 * change moves the service to a new content-addressed secret and removes the old one, the content
 * is in no CLI output and no file under the state dir, and down removes the secret.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { CLI_NODE_ARGS } from "../e2e/tsx-entry.js";
import { nodeHost, swarmDocker, swarmInfo } from "../harness/swarm.js";
import { uniqueSwarmProject } from "./swarm-support.js";

const P = uniqueSwarmProject("sec");
const dir = mkdtempSync(join(tmpdir(), "hw-swarm-secrets-"));
const manifest = join(dir, "hostwright.yaml");
const FIRST = "swsecret-first-9d1c";
const SECOND = "swsecret-second-4b7e";
const outputs: string[] = [];

writeFileSync(
  manifest,
  `version: 2\nproject: ${P}\nservices:\n  web:\n    image: hostwright.local/busybox:1\n    stopGracePeriod: 1s\n    secrets:\n      pw:\n        file: ./pw.txt\n`,
);

async function hw(args: string[]) {
  const r = await execa("node", [...CLI_NODE_ARGS, "--runtime", "swarm", ...args], {
    cwd: dir,
    reject: false,
    env: { DOCKER_HOST: swarmInfo().managerHost, HOSTWRIGHT_STATE_DIR: join(dir, "state"), NO_COLOR: "1" },
    timeout: 120_000,
  });
  outputs.push(String(r.stdout), String(r.stderr));
  return { code: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

async function secretNames(): Promise<string[]> {
  const out = await swarmDocker(["secret", "ls", "--filter", `name=${P}_`, "--format", "{{.Name}}"]);
  return out.split("\n").filter(Boolean).sort();
}

/** What the running task's container reads at the secret's target (polls while tasks roll). */
async function readInTask(expected: string): Promise<string> {
  let last = "";
  for (let i = 0; i < 120; i++) {
    const ps = await swarmDocker([
      "service",
      "ps",
      "--filter",
      "desired-state=running",
      "--format",
      "{{.Node}} {{.CurrentState}}",
      `${P}_web`,
    ]);
    const node = ps
      .split("\n")
      .find((l) => l.includes("Running"))
      ?.split(" ")[0];
    if (node) {
      const host = nodeHost(node);
      const ids = (
        await swarmDocker(["ps", "-q", "--filter", `label=com.docker.swarm.service.name=${P}_web`], host)
      )
        .split("\n")
        .filter(Boolean);
      for (const id of ids) {
        last = await swarmDocker(["exec", id, "cat", "/run/secrets/pw"], host).catch(() => "");
        if (last === expected) return last;
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return last;
}

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((n) => {
    const p = join(root, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

afterAll(async () => {
  await hw(["down", "--project", P]);
});

describe("files: secrets on --runtime swarm", () => {
  it("mounts by reference, re-applies as a no-op, rotates on change, never shows the content", async () => {
    writeFileSync(join(dir, "pw.txt"), FIRST);
    const first = await hw(["apply", "-f", manifest]);
    expect(first.code, first.stderr).toBe(0);
    const [oldName, ...more] = await secretNames();
    expect(more).toEqual([]);
    expect(oldName).toMatch(new RegExp(`^${P}_pw_[0-9a-f]{12}$`));
    expect(first.stdout).toContain(`create secret ${oldName}`);
    expect(await readInTask(FIRST)).toBe(FIRST);

    const again = await hw(["plan", "-f", manifest]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("nothing to do");

    writeFileSync(join(dir, "pw.txt"), SECOND);
    const changed = await hw(["apply", "-f", manifest]);
    expect(changed.code, changed.stderr).toBe(0);
    const names = await secretNames();
    expect(names).toHaveLength(1);
    expect(names[0]).not.toBe(oldName);
    expect(changed.stdout).toContain(`remove secret ${oldName}`);
    expect(await readInTask(SECOND)).toBe(SECOND);

    const forms = [FIRST, SECOND].flatMap((s) => [s, Buffer.from(s).toString("base64")]);
    for (const text of outputs) for (const f of forms) expect(text).not.toContain(f);
    for (const file of filesUnder(join(dir, "state"))) {
      const bytes = readFileSync(file).toString("latin1");
      for (const f of forms) expect(bytes.includes(f), `${file} holds the secret`).toBe(false);
    }

    const down = await hw(["down", "--project", P]);
    expect(down.code, down.stderr).toBe(0);
    expect(await secretNames()).toEqual([]);
  });
});
