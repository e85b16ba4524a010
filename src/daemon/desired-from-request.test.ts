import { describe, expect, it } from "vitest";
import { service } from "../../test/support/desired-fixtures.js";
import { canonicalJson, type Desired, type HwError, instanceId, sha256Hex } from "../core/index.js";
import { buildDesired } from "../manifest/build-desired.js";
import { DesiredRequestErrorCode, desiredFromRequest } from "./desired-from-request.js";

/** A desired state as the manifest loader builds it (real spec hashes). */
function loaded(): Desired {
  const { specHash: _h, ...spec } = service("web", { replicas: 2 });
  return buildDesired(
    {
      project: "req",
      version: 2,
      imagePolicy: "allow-tags",
      volumes: {},
      services: [{ spec }],
      reconcile: {
        mode: "heal",
        resyncMs: 30_000,
        guardrails: { rateLimit: { actions: 5, perMs: 600_000 }, maintenanceWindows: [] },
      },
    } as never,
    "/tmp/hostwright.yaml",
  );
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as HwError).code;
  }
  return undefined;
}

describe("desiredFromRequest", () => {
  it("accepts what the CLI sends, as JSON over the wire", () => {
    const d = loaded();
    const got = desiredFromRequest(JSON.parse(JSON.stringify({ desired: d })));
    expect(got.hash).toBe(d.hash);
    expect(got.instances.map((i) => i.id)).toEqual([
      instanceId("req", "web", 1),
      instanceId("req", "web", 2),
    ]);
  });

  it("refuses a desired-state hash that does not match its canonical text", () => {
    const d = loaded();
    expect(codeOf(() => desiredFromRequest({ desired: { ...d, hash: "0".repeat(64) } }))).toBe(
      DesiredRequestErrorCode.hashMismatch,
    );
  });

  it("refuses a spec hash the client made up, even with a consistent outer hash", () => {
    const d = loaded();
    const state = JSON.parse(d.canonical) as Desired;
    state.services[0]!.specHash = "f".repeat(64);
    for (const i of state.instances) i.spec.specHash = "f".repeat(64);
    const forged = { ...d, ...state, canonical: "", hash: "" };
    const { canonical: _c, hash: _h, sourcePath: _s, ...body } = forged;
    forged.canonical = canonicalJson(body);
    forged.hash = sha256Hex(forged.canonical);
    expect(codeOf(() => desiredFromRequest({ desired: forged }))).toBe(DesiredRequestErrorCode.hashMismatch);
  });

  it("uses the canonical text, not fields sent beside it", () => {
    const d = loaded();
    const got = desiredFromRequest({ desired: { ...d, services: [] } });
    expect(got.services.map((s) => s.name)).toEqual(["web"]);
    expect(codeOf(() => desiredFromRequest({ desired: { canonical: "{" } }))).toBe(
      DesiredRequestErrorCode.malformed,
    );
  });
});
