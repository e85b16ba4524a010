import { describe, expect, it } from "vitest";
import { ExitCode, isHwError, RuntimeErrorCode } from "../../core/index.js";
import { gateCliVersion, parseCliVersion } from "./version.js";

const line = (v: string) => `container CLI version ${v} (build: release, commit: af405ff)`;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe("Apple container version gate", () => {
  it("parses the documented version line", () => {
    expect(parseCliVersion(line("1.2.2"))).toEqual({ major: 1, minor: 2, patch: 2, text: "1.2.2" });
    expect(parseCliVersion("something else")).toBeUndefined();
  });

  it("runs 1.x without warnings", () => {
    expect(gateCliVersion(line("1.0.0")).warnings).toEqual([]);
    expect(gateCliVersion(line("1.4.1")).warnings).toEqual([]);
  });

  it("runs an unknown newer major with a warning", () => {
    const { version, warnings } = gateCliVersion(line("2.0.1"));
    expect(version.text).toBe("2.0.1");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/2\.0\.1 is newer than the supported range/);
  });

  it("refuses pre-1.0 versions as unsupported with exit 69", () => {
    const err = thrown(() => gateCliVersion(line("0.12.3")));
    expect(isHwError(err) && err.code).toBe(RuntimeErrorCode.unsupported);
    expect(isHwError(err) && err.exitCode).toBe(ExitCode.runtimeUnavailable);
    expect(isHwError(err) && err.message).toMatch(/0\.12\.3 is not supported.*1\.0\.0 or newer/);
  });

  it("refuses output it cannot read", () => {
    expect(isHwError(thrown(() => gateCliVersion("Docker version 20.10")))).toBe(true);
  });
});
