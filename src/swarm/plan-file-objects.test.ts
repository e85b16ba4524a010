import { describe, expect, it } from "vitest";
import { type ObservedFileObject, planFileObjects } from "./plan-file-objects.js";

const obs = (name: string, labelled = true, kind: "secret" | "config" = "secret"): ObservedFileObject => ({
  kind,
  name,
  id: `id-${name}`,
  labelled,
});

describe("planFileObjects", () => {
  const recorded = new Set(["secret:p_pw_old", "secret:p_pw_new", "secret:p_unlabelled"]);
  const isRecorded = (kind: string, name: string) => recorded.has(`${kind}:${name}`);

  it("creates what is missing, keeps what exists and is ours, removes owned unreferenced ones", () => {
    const plan = planFileObjects(
      [
        { kind: "secret", name: "p_pw_new", services: ["web"] },
        { kind: "config", name: "p_conf_a", services: ["web"] },
      ],
      [obs("p_pw_old"), obs("p_pw_new")],
      isRecorded,
    );
    expect(plan.create.map((c) => c.name)).toEqual(["p_conf_a"]);
    expect(plan.remove.map((r) => r.name)).toEqual(["p_pw_old"]);
    expect([...plan.ids]).toEqual([["p_pw_new", "id-p_pw_new"]]);
    expect(plan.blocked).toEqual([]);
  });

  it("blocks a wanted name taken by an object without our labels or without a store record, and never removes one", () => {
    const plan = planFileObjects(
      [
        { kind: "secret", name: "p_unlabelled", services: ["web"] },
        { kind: "secret", name: "p_unrecorded", services: ["api"] },
      ],
      [obs("p_unlabelled", false), obs("p_unrecorded"), obs("p_foreign_left", false)],
      isRecorded,
    );
    expect(plan.blocked.map((b) => [b.name, b.services])).toEqual([
      ["p_unlabelled", ["web"]],
      ["p_unrecorded", ["api"]],
    ]);
    expect(plan.create).toEqual([]);
    expect(plan.remove).toEqual([]);
  });

  it("a secret and a config may share a name without confusion", () => {
    const plan = planFileObjects(
      [{ kind: "config", name: "p_pw_old", services: ["web"] }],
      [obs("p_pw_old")],
      isRecorded,
    );
    expect(plan.create.map((c) => [c.kind, c.name])).toEqual([["config", "p_pw_old"]]);
    expect(plan.remove.map((c) => [c.kind, c.name])).toEqual([["secret", "p_pw_old"]]);
  });
});
