/**
 * Swarm secrets/configs on the real test swarm, through the adapter's calls: a content-addressed
 * create with our labels is listed for the project (by label and by name), the manager never
 * returns a secret's content, and removal (also of one already gone) succeeds.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  createFileObject,
  listFileObjects,
  removeFileObject,
} from "../../src/runtime/swarm/swarm-file-api.js";
import { swarmFileCreates } from "../../src/runtime/swarm/swarm-file-objects.js";
import { managerApi, uniqueSwarmProject } from "./swarm-support.js";

const SECRET_TEXT = "swfile-never-shown-7f3a";

describe("swarm secrets and configs (adapter calls)", () => {
  const api = managerApi();
  const project = uniqueSwarmProject("file");
  const created: { kind: "secret" | "config"; id: string }[] = [];
  afterAll(async () => {
    for (const c of created) await removeFileObject(api.client, c.kind, c.id);
    await api.close();
  });

  it("creates, lists by project and removes; the content never comes back", async () => {
    const creates = swarmFileCreates(
      project,
      "owner-swfile",
      [
        { kind: "secret", name: "pw", source: { content: "x" }, target: "/run/secrets/pw" },
        { kind: "config", name: "conf", source: { content: "x" }, target: "/etc/conf" },
      ],
      new Map([
        ["pw", Buffer.from(SECRET_TEXT)],
        ["conf", Buffer.from("a=1\n")],
      ]),
    );
    for (const c of creates)
      created.push({ kind: c.kind, id: await createFileObject(api.client, c.kind, c.body) });
    const secrets = await listFileObjects(api.client, "secret", project);
    const configs = await listFileObjects(api.client, "config", project);
    expect(secrets.map((s) => s.Spec.Name)).toEqual(
      creates.filter((c) => c.kind === "secret").map((c) => c.name),
    );
    expect(configs.map((s) => s.Spec.Name)).toEqual(
      creates.filter((c) => c.kind === "config").map((c) => c.name),
    );
    expect(secrets[0]?.Spec.Labels?.["dev.hostwright.owner"]).toBe("owner-swfile");
    expect(JSON.stringify(secrets)).not.toContain(Buffer.from(SECRET_TEXT).toString("base64"));
    expect(await listFileObjects(api.client, "secret", `${project}x`)).toEqual([]);
    for (const c of created.splice(0)) {
      await removeFileObject(api.client, c.kind, c.id);
      await removeFileObject(api.client, c.kind, c.id);
    }
    expect(await listFileObjects(api.client, "secret", project)).toEqual([]);
    expect(await listFileObjects(api.client, "config", project)).toEqual([]);
  });
});
