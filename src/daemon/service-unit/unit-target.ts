import { join } from "node:path";
import { ExitCode, HwError } from "../../core/index.js";
import { LAUNCHD_LABEL } from "./launchd-plist.js";
import { ServiceUnitErrorCode } from "./unit-options.js";

export interface ServiceUnitTarget {
  kind: "systemd" | "launchd";
  /** systemd only: where the unit lives decides `systemctl` vs `systemctl --user`. */
  scope: "user" | "system";
  path: string;
  /** The commands that load and start the unit once it is written. */
  enableHint: string;
}

/**
 * Where the unit file goes. Pure: pass `uid` (process.getuid()) to get the root layout; without
 * it the per-user layout is chosen.
 */
export function serviceUnitTarget(platform: NodeJS.Platform, home: string, uid?: number): ServiceUnitTarget {
  if (platform === "linux") {
    if (uid === 0) {
      return {
        kind: "systemd",
        scope: "system",
        path: "/etc/systemd/system/hostwright.service",
        enableHint: "systemctl daemon-reload && systemctl enable --now hostwright.service",
      };
    }
    return {
      kind: "systemd",
      scope: "user",
      path: join(home, ".config/systemd/user/hostwright.service"),
      enableHint:
        "systemctl --user daemon-reload && systemctl --user enable --now hostwright.service " +
        "(and `loginctl enable-linger` to keep it running after you log out)",
    };
  }
  if (platform === "darwin") {
    const path = join(home, "Library/LaunchAgents", `${LAUNCHD_LABEL}.plist`);
    const domain = uid === undefined ? "gui/$(id -u)" : `gui/${uid}`;
    return { kind: "launchd", scope: "user", path, enableHint: `launchctl bootstrap ${domain} ${path}` };
  }
  throw new HwError(ServiceUnitErrorCode.unsupportedPlatform, `no service manager support for ${platform}`, {
    hint: "run `hostwright daemon` under your own supervisor",
    exitCode: ExitCode.usage,
  });
}
