import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const indexUrl = pathToFileURL(fileURLToPath(new URL("./index.ts", import.meta.url))).href;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "hw-api-import-"));
  // A resolve hook that reports every heavy package the child process loads.
  await writeFile(
    join(dir, "hook.mjs"),
    `export async function resolve(specifier, context, next) {
       if (/^(fastify|prom-client|pino)$/.test(specifier)) process.stderr.write("LOADED " + specifier + "\\n");
       return next(specifier, context);
     }`,
  );
  await writeFile(
    join(dir, "register.mjs"),
    `import { register } from "node:module"; register(${JSON.stringify(pathToFileURL(join(dir, "hook.mjs")).href)});`,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadedBy(script: string): Promise<string[]> {
  await writeFile(join(dir, "main.mjs"), script);
  const { stderr } = await run(
    process.execPath,
    ["--import", "tsx", "--import", join(dir, "register.mjs"), join(dir, "main.mjs")],
    { cwd: fileURLToPath(new URL("../../..", import.meta.url)) },
  );
  return stderr
    .split("\n")
    .filter((l) => l.startsWith("LOADED "))
    .map((l) => l.slice("LOADED ".length));
}

describe("the api index", () => {
  it("can be imported by the CLI without loading fastify or prom-client", async () => {
    expect(
      await loadedBy(`const api = await import(${JSON.stringify(indexUrl)}); new api.ApiClient("/x");`),
    ).toEqual([]);
  });

  it("loads them on first use", async () => {
    const loaded = await loadedBy(
      `const api = await import(${JSON.stringify(indexUrl)}); await api.createDaemonMetrics();`,
    );
    expect(loaded).toContain("prom-client");
  });
});
