/**
 * The intent journal on swarm: apply is SIGKILLed at an operation boundary (after the engine
 * created a service, before the result was recorded; and with only the intent recorded). The next
 * apply proves the service ours from its labels and the intended record, adopts it instead of
 * blocking or creating it twice, and converges; the interrupted operation is resolved.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { CLI_NODE_ARGS } from "../e2e/tsx-entry.js";
import { swarmDocker, swarmInfo } from "../harness/swarm.js";
import { uniqueSwarmProject } from "./swarm-support.js";

const P = uniqueSwarmProject("cr");
const dir = mkdtempSync(join(tmpdir(), "hw-swarm-crash-"));
const stateDir = join(dir, "state");
const manifest = join(dir, "hostwright.yaml");
writeFileSync(
  manifest,
  `version: 2\nproject: ${P}\nservices:\n  api:\n    image: hostwright.local/busybox:1\n  web:\n    image: hostwright.local/busybox:1\n`,
);

function hw(args: string[], env: Record<string, string> = {}) {
  return execa("node", [...CLI_NODE_ARGS, "--runtime", "swarm", ...args], {
    cwd: dir,
    reject: false,
    env: { DOCKER_HOST: swarmInfo().managerHost, HOSTWRIGHT_STATE_DIR: stateDir, NO_COLOR: "1", ...env },
    timeout: 60_000,
  });
}

async function services(): Promise<string[]> {
  const out = await swarmDocker(["service", "ls", "--format", "{{.Name}}", "--filter", `name=${P}_`]);
  return out.split("\n").filter(Boolean).sort();
}

afterAll(async () => {
  await hw(["down", "-f", manifest]);
});

describe("swarm apply killed at an operation boundary", () => {
  it("after the create call: the next apply adopts the service and finishes", async () => {
    // Boundaries: 1/2 network before/after, 3/4 create api before/after.
    const killed = await hw(["apply", "-f", manifest], { HOSTWRIGHT_FAULT_KILL_AT: "4" });
    expect(killed.signal).toBe("SIGKILL");
    expect(await services()).toEqual([`${P}_api`]);
    const version = await swarmDocker(["service", "inspect", "-f", "{{.Version.Index}}", `${P}_api`]);

    const again = await hw(["apply", "-f", manifest]);
    expect(again.exitCode, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain(`create service ${P}_web`);
    expect(again.stdout).not.toContain(`service ${P}_api`);
    expect(await services()).toEqual([`${P}_api`, `${P}_web`]);
    expect(await swarmDocker(["service", "inspect", "-f", "{{.Version.Index}}", `${P}_api`])).toBe(version);

    const store = openStore(stateDir, { readonly: true });
    try {
      expect(store.ownership("service", `${P}_api`)?.state).toBe("confirmed");
      expect(store.unfinishedOperations(P)).toEqual([]);
    } finally {
      store.close();
    }
  });

  it("with only the intent recorded: the next apply creates it once", async () => {
    const down = await hw(["down", "-f", manifest]);
    expect(down.exitCode, down.stdout + down.stderr).toBe(0);
    const killed = await hw(["apply", "-f", manifest], { HOSTWRIGHT_FAULT_KILL_AT: "3" });
    expect(killed.signal, killed.stdout + killed.stderr).toBe("SIGKILL");
    expect(await services()).toEqual([]);
    const again = await hw(["apply", "-f", manifest]);
    expect(again.exitCode, again.stdout + again.stderr).toBe(0);
    expect(await services()).toEqual([`${P}_api`, `${P}_web`]);
  });
});
