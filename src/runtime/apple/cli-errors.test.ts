import { describe, expect, it } from "vitest";
import { ExitCode, RuntimeErrorCode } from "../../core/index.js";
import { cliFailure } from "./cli-errors.js";

const fail = (stderr: string, exitCode = 1) => ({ stdout: "", stderr, exitCode });

describe("cliFailure", () => {
  it("maps the system-not-running text (plain and wrapped) to unavailable with a start hint", () => {
    for (const stderr of [
      'Error: interrupted: "XPC connection error: Connection invalid"\nEnsure container system service has been started with `container system start`.',
      'Error: internalError: "failed to list containers" (cause: "interrupted: "XPC connection error: Connection invalid"")',
    ]) {
      const err = cliFailure("container list", fail(stderr));
      expect(err.code).toBe(RuntimeErrorCode.unavailable);
      expect(err.exitCode).toBe(ExitCode.runtimeUnavailable);
      expect(err.hint).toContain("container system start");
    }
  });

  it("maps not found and already exists, across the 1.2 and escaped 1.3 quoting", () => {
    expect(cliFailure("x", fail("Error: get failed: container web not found")).code).toBe(
      RuntimeErrorCode.notFound,
    );
    expect(
      cliFailure(
        "x",
        fail('Error: internalError: \\"failed to stop container\\" (cause: \\"notFound: ...not found\\")'),
      ).code,
    ).toBe(RuntimeErrorCode.notFound);
    expect(cliFailure("x", fail("Error: container already exists: web")).code).toBe(
      RuntimeErrorCode.conflict,
    );
    expect(cliFailure("x", fail("Error: container with id web already exists")).code).toBe(
      RuntimeErrorCode.conflict,
    );
  });

  it("names the command, strips the Error: prefix and redacts secret values", () => {
    const err = cliFailure("container create", fail("Error: bad value s3cr3t-token in env"), [
      "s3cr3t-token",
    ]);
    expect(err.code).toBe(RuntimeErrorCode.failed);
    expect(err.message).toBe("container create failed: bad value <redacted> in env");
  });

  it("flags usage errors (exit 64) as a Hostwright bug", () => {
    const err = cliFailure("container create", fail("Error: Unknown option '--restart'\nUsage: ...", 64));
    expect(err.hint).toMatch(/report/);
  });
});
