/**
 * Operation intents must survive the process dying at any instant: a child loops
 * beginOperation/finishOperation, printing each step only after the store call returned, and is
 * SIGKILLed mid-way. Everything it reported must be in the store afterwards.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "./index.js";

const STORE_MODULE = fileURLToPath(new URL("./index.ts", import.meta.url));
// The repository root, so `--import tsx` and better-sqlite3 resolve from its node_modules.
const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "hw-durable-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const CHILD = `
import { openStore } from ${JSON.stringify(STORE_MODULE)};
const store = openStore(process.argv[2]);
store.savePlan({ id: "p1", project: "web", hash: "h", correlationId: "c", kind: "apply", body: {} });
for (let i = 1; ; i++) {
  const id = store.beginOperation({ planId: "p1", opId: String(i), project: "web", kind: "create", target: "container:web-app-" + i });
  process.stdout.write("begun " + id + "\\n");
  store.finishOperation(id, { status: "done", runtimeId: "rt-" + i });
  process.stdout.write("finished " + id + "\\n");
}
`;

describe("durability under SIGKILL", () => {
  it("every begun operation is afterwards either finished or unfinished, never lost", async () => {
    const script = join(root, "op-loop.ts");
    writeFileSync(script, CHILD);
    const stateDir = join(root, "state");
    const child = spawn(process.execPath, ["--import", "tsx", script, stateDir], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        // Kill once it is well into the loop: at some instant between two store calls.
        if ((stdout.match(/finished/g) ?? []).length >= 200) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.on("exit", () => resolve());
    });
    expect(await exited, stderr).toBe("SIGKILL");

    const begun = [...stdout.matchAll(/begun (\d+)/g)].map((m) => Number(m[1]));
    const finished = new Set([...stdout.matchAll(/finished (\d+)/g)].map((m) => Number(m[1])));
    expect(begun.length).toBeGreaterThanOrEqual(200);

    const store = openStore(stateDir);
    expect(store.integrityCheck()).toEqual([]);
    const recorded = new Map(store.recentOperations("web", 100_000).map((o) => [o.id, o]));
    const unfinished = new Set(store.unfinishedOperations("web").map((o) => o.id));
    for (const id of begun) {
      const op = recorded.get(id);
      expect(op, `operation ${id} was begun but is not in the store`).toBeDefined();
      if (finished.has(id)) expect(op?.status).toBe("done");
      if (op?.status === "pending") expect(unfinished.has(id)).toBe(true);
      else expect(op?.status).toBe("done");
    }
    // At most the one operation in flight at the kill can be unfinished.
    expect(unfinished.size).toBeLessThanOrEqual(1);
    store.close();
  }, 60_000);
});
