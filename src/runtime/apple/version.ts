/**
 * `container --version` → a semantic version, and the support gate: 1.0.0 up to (not
 * including) 2.0.0 is supported; older is refused (0.x changed JSON and error behaviour between
 * minors, reference §4); newer runs with a warning because its output is unverified.
 */
import { ExitCode, HwError, RuntimeErrorCode } from "../../core/index.js";

export interface CliVersion {
  major: number;
  minor: number;
  patch: number;
  text: string;
}

export const OLDEST_SUPPORTED = "1.0.0";
export const NEXT_UNSUPPORTED_MAJOR = 2;

/** "container CLI version 1.2.2 (build: release, commit: af405ff)" → 1.2.2 (reference §4). */
export function parseCliVersion(output: string): CliVersion | undefined {
  const m = /version (\d+)\.(\d+)\.(\d+)/.exec(output);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), text: `${m[1]}.${m[2]}.${m[3]}` };
}

export function compareVersions(a: CliVersion, b: Pick<CliVersion, "major" | "minor" | "patch">): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** Throws for versions we refuse; returns the warnings for versions we run but never verified. */
export function gateCliVersion(output: string): { version: CliVersion; warnings: string[] } {
  const version = parseCliVersion(output);
  if (version === undefined) {
    throw new HwError(
      RuntimeErrorCode.unsupported,
      "could not read the Apple container version from `container --version`",
      {
        hint: "HOSTWRIGHT_CONTAINER_BIN must point at Apple's `container` CLI (1.0.0 or newer).",
        exitCode: ExitCode.runtimeUnavailable,
      },
    );
  }
  if (version.major < 1) {
    throw new HwError(
      RuntimeErrorCode.unsupported,
      `Apple container ${version.text} is not supported: runtime apple needs ${OLDEST_SUPPORTED} or newer`,
      {
        hint: "Upgrade with the installer from https://github.com/apple/container/releases (pre-1.0 output and errors differ).",
        exitCode: ExitCode.runtimeUnavailable,
      },
    );
  }
  const warnings =
    version.major >= NEXT_UNSUPPORTED_MAJOR
      ? [
          `Apple container ${version.text} is newer than the supported range (1.x); ` +
            "continuing, but its output has not been verified with Hostwright",
        ]
      : [];
  return { version, warnings };
}
