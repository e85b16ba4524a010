import { describe, expect, it } from "vitest";
import { type HwError, Labels, RuntimeErrorCode } from "../../core/index.js";
import type { RunCli } from "./cli-runner.js";
import { ensureNetwork, ensureVolume } from "./resource-ops.js";

const ours = { [Labels.managed]: "true", [Labels.project]: "shop", [Labels.owner]: "o1" };

/** A `container` CLI that lists one network and one volume with the given labels and records creates. */
function cli(labels: Record<string, string>): { run: RunCli; calls: string[][] } {
  const calls: string[][] = [];
  const run: RunCli = async (args) => {
    calls.push(args);
    const list = (name: string) => JSON.stringify([{ id: name, configuration: { name, labels } }]);
    if (args[0] === "network" && args[1] === "list")
      return { exitCode: 0, stdout: list("shop_default"), stderr: "" };
    if (args[0] === "volume" && args[1] === "list")
      return { exitCode: 0, stdout: list("shop_data"), stderr: "" };
    return { exitCode: 0, stdout: "", stderr: "" };
  };
  return { run, calls };
}

const code = (p: Promise<void>) =>
  p.then(
    () => "ok",
    (e: HwError) => e.code,
  );

describe("apple networks and volumes", () => {
  it("refuses an existing one without our labels, creating nothing", async () => {
    const { run, calls } = cli({ "com.docker.compose.project": "shop" });
    expect(await code(ensureNetwork(run, "shop_default", ours))).toBe(RuntimeErrorCode.notOwned);
    expect(await code(ensureVolume(run, "shop_data", ours))).toBe(RuntimeErrorCode.notOwned);
    expect(calls.filter((a) => a[1] === "create")).toEqual([]);
  });

  it("uses an existing one of ours as already converged", async () => {
    const { run, calls } = cli(ours);
    expect(await code(ensureNetwork(run, "shop_default", ours))).toBe("ok");
    expect(await code(ensureVolume(run, "shop_data", ours))).toBe("ok");
    expect(calls.filter((a) => a[1] === "create")).toEqual([]);
  });
});
