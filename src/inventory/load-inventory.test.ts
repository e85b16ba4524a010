import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../manifest/index.js";
import { InventoryCode, isInventoryPath, loadInventory, parseInventory } from "./index.js";

const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), "testdata");

/** Every diagnostic as the CLI prints it, with paths relative to the inventory, plus its code. */
function report(name: string, env: Record<string, string> = {}): { ok: boolean; lines: string[] } {
  const dir = path.join(testdata, name);
  const r = loadInventory(dir, { env });
  return {
    ok: r.ok,
    lines: r.diagnostics.map(
      (d) => `${formatDiagnostic({ ...d, file: path.relative(dir, d.file) })} [${d.code}]`,
    ),
  };
}

describe("inventory loader", () => {
  it("turns a valid inventory into Desired with each service placed on its host folder", () => {
    const r = loadInventory(path.join(testdata, "valid"), { env: {} });
    if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
    const d = r.desired;
    expect(d.project).toBe("homelab");
    expect(d.sourcePath).toBe(path.join(testdata, "valid", "project.yaml"));
    expect(Object.keys(d.volumes)).toEqual(["pgdata"]);
    expect(d.reconcile.mode).toBe("heal");
    expect(d.services.map((s) => [s.name, s.placement])).toEqual([
      ["cache", { nodes: ["n2"], constraints: [], failover: [], afterMs: 0 }],
      ["db", { nodes: ["n1"], constraints: [], failover: ["n3"], afterMs: 120_000 }],
      ["web", { nodes: ["n2"], constraints: ["node.labels.zone==a"], failover: [], afterMs: 0 }],
    ]);
    expect(d.services.find((s) => s.name === "web")?.dependsOn).toEqual({ db: "started" });
    expect(d.instances.map((i) => i.id)).toEqual([
      "homelab/cache/1",
      "homelab/db/1",
      "homelab/web/1",
      "homelab/web/2",
    ]);
    // A standby node with `services: {}` is allowed, with a warning that says so.
    expect(report("valid").lines).toEqual([
      "hosts/n3/services.yaml:2:1: warning: services: node n3 declares no services: nothing is placed on it [HW-INVENTORY-005]",
    ]);
  });

  it("gives the same Desired as the equivalent manifest with placement written out (same hashes)", () => {
    const manifest = parseInventory(
      {
        dir: "/inv",
        projectFile: "/inv/project.yaml",
        projectText: "version: 2\nproject: p\n",
        hosts: [
          {
            node: "n1",
            file: "/inv/hosts/n1/services.yaml",
            text: "services:\n  api:\n    image: busybox:1\n",
          },
        ],
        layout: [],
      },
      { env: {} },
    );
    if (!manifest.ok) throw new Error("expected ok");
    expect(manifest.desired.services[0]?.placement).toEqual({
      nodes: ["n1"],
      constraints: [],
      failover: [],
      afterMs: 0,
    });
    expect(manifest.desired.services[0]?.specHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("interpolates every file from the environment and DIR/.env", () => {
    const r = loadInventory(path.join(testdata, "interpolated"), { env: {} });
    if (!r.ok) throw new Error(r.diagnostics.map(formatDiagnostic).join("\n"));
    expect(r.desired.project).toBe("fromdotenv");
    expect(r.desired.services[0]?.image).toBe("busybox:1.36");
    const overridden = loadInventory(path.join(testdata, "interpolated"), { env: { INV_TAG: "1.37" } });
    expect(overridden.ok && overridden.desired.services[0]?.image).toBe("busybox:1.37");
  });

  const errorCases: Record<string, string[]> = {
    duplicate: [
      'hosts/n1/services.yaml:2:3: error: services.api: service "api" is defined under hosts/n1 and hosts/n2\n  hint: keep it in one host folder; for a fallback node use `placement: {failover: [<node>]}` [HW-INVENTORY-006]',
      'hosts/n2/services.yaml:4:3: error: services.api: service "api" is defined under hosts/n1 and hosts/n2\n  hint: keep it in one host folder; for a fallback node use `placement: {failover: [<node>]}` [HW-INVENTORY-006]',
    ],
    "unknown-key": [
      "hosts/n1/services.yaml:4:5: error: services.api.replica: unknown key `replica`\n  hint: did you mean `replicas`? [HW-MANIFEST-010]",
      "hosts/n1/services.yaml:5:1: error: volumes: `volumes` belongs in project.yaml\n  hint: a host's services.yaml holds only `services:` [HW-INVENTORY-007]",
      "hosts/n1/services.yaml:7:1: error: servics: unknown key `servics`\n  hint: did you mean `services`? [HW-MANIFEST-010]",
    ],
    "no-project": [
      "project.yaml:1:1: error: cannot read project.yaml: an inventory directory needs one\n  hint: project.yaml holds version, project, volumes and reconcile; or pass a manifest file with -f FILE [HW-INVENTORY-001]",
    ],
    "host-file": [
      "hosts/README.txt:1:1: error: hosts/README.txt is a file; each entry of hosts/ is a node folder\n  hint: move it to hosts/<node>/services.yaml [HW-INVENTORY-003]",
    ],
    "nodes-in-host": [
      "hosts/n1/services.yaml:5:7: error: services.api.placement.nodes: placement.nodes is set by the folder: this service runs on hosts/n1\n  hint: remove `nodes`; move the service to another hosts/<node>/ folder to run it elsewhere [HW-INVENTORY-008]",
      'hosts/n1/services.yaml:9:18: error: services.worker.placement.failover[0]: node "n1" is in both `nodes` and `failover`\n  hint: failover nodes are where the service goes when every node in `nodes` is offline [HW-MANIFEST-100]',
    ],
    "services-in-project": [
      "project.yaml:3:1: error: services: `services` does not belong in project.yaml\n  hint: put each service in hosts/<node>/services.yaml, <node> being where it runs [HW-INVENTORY-007]",
    ],
    "cross-file": [
      'project.yaml:4:9: error: reconcile.mode: expected one of heal | recommend, got "sometimes" [HW-MANIFEST-015]',
      'hosts/n1/services.yaml:5:17: error: services.web.dependsOn[0]: unknown service "dbb"\n  hint: did you mean `db`? [HW-MANIFEST-050]',
      "hosts/n2/services.yaml:4:13: error: services.db.ports[0]: host port 127.0.0.1:8080/tcp is already claimed by services.web.ports[0] (hosts/n1/services.yaml:4)\n  hint: choose another host port, or drop it to get an ephemeral one [HW-MANIFEST-031]",
    ],
    // The first claim is named with its file when it is in another host file, by line in the same one.
    "port-clash": [
      "hosts/n2/services.yaml:4:13: error: services.b.ports[0]: host port 127.0.0.1:9000/tcp is already claimed by services.a.ports[0] (hosts/n1/services.yaml:4)\n  hint: choose another host port, or drop it to get an ephemeral one [HW-MANIFEST-031]",
      "hosts/n2/services.yaml:10:13: error: services.d.ports[0]: host port 127.0.0.1:9100/tcp is already claimed by services.c.ports[0] (line 7)\n  hint: choose another host port, or drop it to get an ephemeral one [HW-MANIFEST-031]",
    ],
    "bad-node": [
      'hosts/Bad_Node:1:1: error: invalid node name "Bad_Node"\n  hint: a node\'s hostname as `docker node ls` shows it (letters, digits, `-` and `.`) [HW-INVENTORY-004]',
    ],
    "empty-hosts": [
      "hosts:1:1: error: services: the inventory declares no services\n  hint: put `services:` in hosts/<node>/services.yaml, <node> being the node's hostname [HW-INVENTORY-009]",
      "hosts/n1:1:1: warning: node n1 has no services.yaml: nothing is placed on it [HW-INVENTORY-005]",
    ],
  };
  for (const [name, expected] of Object.entries(errorCases)) {
    it(`reports ${name} at the file, line and column it comes from`, () => {
      const r = report(name);
      expect(r.ok).toBe(false);
      expect(r.lines).toEqual(expected);
    });
  }

  it("reports a YAML error in one host file in that file and still checks the others", () => {
    const r = parseInventory(
      {
        dir: "/inv",
        projectFile: "/inv/project.yaml",
        projectText: "version: 2\nproject: p\n",
        hosts: [
          { node: "n1", file: "/inv/hosts/n1/services.yaml", text: "services:\n  api: [\n" },
          {
            node: "n2",
            file: "/inv/hosts/n2/services.yaml",
            text: "services:\n  web:\n    image: busybox:1\n    init: yes\n",
          },
        ],
        layout: [],
      },
      { env: {} },
    );
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.file, d.code])).toEqual([
      ["/inv/hosts/n1/services.yaml", "HW-MANIFEST-002"],
      ["/inv/hosts/n2/services.yaml", "HW-MANIFEST-014"],
    ]);
    expect(r.diagnostics[1]).toMatchObject({ line: 4, col: 11, path: "services.web.init" });
  });

  it("loads examples/inventory with only the standby node's warning", () => {
    const dir = path.resolve(testdata, "../../../examples/inventory");
    const r = loadInventory(dir, { env: {} });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["HW-INVENTORY-005"]);
    expect(
      r.ok && r.desired.services.map((s) => [s.name, s.placement?.nodes, s.placement?.failover]),
    ).toEqual([
      ["web", ["n1"], ["n3"]],
      ["worker", ["n2"], []],
    ]);
  });

  it("has every code documented in docs/runtimes.md", () => {
    const docs = readFileSync(path.resolve(testdata, "../../../docs/runtimes.md"), "utf8");
    for (const code of Object.values(InventoryCode)) expect(docs, code).toContain(`| ${code} |`);
  });

  it("treats a directory as an inventory and a file as a manifest", () => {
    expect(isInventoryPath(path.join(testdata, "valid"))).toBe(true);
    expect(isInventoryPath(path.join(testdata, "valid", "project.yaml"))).toBe(false);
    expect(isInventoryPath(path.join(testdata, "missing"))).toBe(false);
  });
});
