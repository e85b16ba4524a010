import { describe, expect, it } from "vitest";
import { DiagnosticCode, parseManifest } from "./index.js";

/** Lines 1-6 fixed; `placement:` is line 6 and its extra lines start at line 7, col 7. */
const manifest = (...lines: string[]): string =>
  `${[
    "version: 2",
    "project: demo",
    "services:",
    "  api:",
    "    image: busybox:1",
    "    placement:",
    ...lines.map((l) => `      ${l}`),
  ].join("\n")}\n`;

const parse = (source: string) => parseManifest(source, { file: "/srv/demo/hostwright.yaml", env: {} });

describe("placement", () => {
  it("normalises nodes and constraints (sorted), keeps failover in preference order, defaults after to 5m", () => {
    const r = parse(
      manifest(
        "nodes: [n2, n1]",
        "constraints: ['node.labels.disk == ssd', node.role!=manager]",
        "failover: [n9, n3]",
      ),
    );
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) throw new Error("expected ok");
    expect(r.desired.services[0]?.placement).toEqual({
      nodes: ["n1", "n2"],
      constraints: ["node.labels.disk==ssd", "node.role!=manager"],
      failover: ["n9", "n3"],
      afterMs: 300_000,
    });
  });

  it("reads after, and is part of the spec hash", () => {
    const a = parse(manifest("nodes: [n1]", "failover: [n3]", "after: 2m"));
    const b = parse(manifest("nodes: [n2]", "failover: [n3]", "after: 2m"));
    if (!a.ok || !b.ok) throw new Error("expected ok");
    expect(a.desired.services[0]?.placement?.afterMs).toBe(120_000);
    expect(a.desired.services[0]?.specHash).not.toBe(b.desired.services[0]?.specHash);
  });

  it("leaves the spec hash of a service without placement unchanged (field absent)", () => {
    const r = parse(manifest("nodes: [n1]").replace("    placement:\n      nodes: [n1]\n", ""));
    if (!r.ok) throw new Error("expected ok");
    expect(r.desired.services[0]).not.toHaveProperty("placement");
  });

  it("constraints alone (no nodes, no failover) give afterMs 0", () => {
    const r = parse(manifest("constraints: [node.labels.zone==a]"));
    if (!r.ok) throw new Error("expected ok");
    expect(r.desired.services[0]?.placement).toEqual({
      nodes: [],
      constraints: ["node.labels.zone==a"],
      failover: [],
      afterMs: 0,
    });
  });

  const cases: { name: string; lines: string[]; line: number; col: number; path: string; message: RegExp }[] =
    [
      {
        name: "unknown key with did-you-mean",
        lines: ["node: [n1]"],
        line: 7,
        col: 7,
        path: "services.api.placement.node",
        message: /unknown key `node`/,
      },
      {
        name: "invalid node name",
        lines: ["nodes: [n1, 'bad name']"],
        line: 7,
        col: 19,
        path: "services.api.placement.nodes[1]",
        message: /invalid node name "bad name"/,
      },
      {
        name: "node listed twice",
        lines: ["nodes: [n1, n1]"],
        line: 7,
        col: 19,
        path: "services.api.placement.nodes[1]",
        message: /listed twice/,
      },
      {
        name: "failover overlapping nodes",
        lines: ["nodes: [n1]", "failover: [n3, n1]"],
        line: 8,
        col: 22,
        path: "services.api.placement.failover[1]",
        message: /in both `nodes` and `failover`/,
      },
      {
        name: "failover without nodes",
        lines: ["failover: [n3]"],
        line: 7,
        col: 7,
        path: "services.api.placement.failover",
        message: /`failover` needs `nodes`/,
      },
      {
        name: "after without failover",
        lines: ["nodes: [n1]", "after: 2m"],
        line: 8,
        col: 7,
        path: "services.api.placement.after",
        message: /`after` without `failover`/,
      },
      {
        name: "bad constraint syntax",
        lines: ["constraints: [disk=ssd]"],
        line: 7,
        col: 21,
        path: "services.api.placement.constraints[0]",
        message: /invalid constraint "disk=ssd"/,
      },
      {
        name: "nodes not a list",
        lines: ["nodes: n1"],
        line: 7,
        col: 14,
        path: "services.api.placement.nodes",
        message: /expected a list, got a string/,
      },
      {
        name: "after zero",
        lines: ["nodes: [n1]", "failover: [n2]", "after: 0s"],
        line: 9,
        col: 14,
        path: "services.api.placement.after",
        message: /greater than 0/,
      },
    ];
  for (const c of cases) {
    it(`refuses ${c.name} at its line:col`, () => {
      const r = parse(manifest(...c.lines));
      expect(r.ok).toBe(false);
      const d = r.diagnostics.find((x) => x.severity === "error");
      expect(d).toMatchObject({ line: c.line, col: c.col, path: c.path });
      expect(d?.message).toMatch(c.message);
    });
  }

  it("refuses an empty placement map with its own code and a hint", () => {
    const r = parse(manifest().replace("placement:", "placement: {}"));
    expect(r.diagnostics[0]).toMatchObject({ code: DiagnosticCode.invalidPlacement, line: 6, col: 16 });
    expect(r.diagnostics[0]?.hint).toMatch(/remove `placement`/);
  });
});
