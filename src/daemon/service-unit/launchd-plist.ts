import { join } from "node:path";
import { assertUnitOptions, type ServiceUnitOptions, unitEnvironment } from "./unit-options.js";

export const LAUNCHD_LABEL = "dev.hostwright.daemon";

/**
 * launchd starts agents with PATH=/usr/bin:/bin:/usr/sbin:/sbin, which misses the Apple
 * `container` CLI and Homebrew's Docker/Podman; give the daemon the usual places.
 */
const DEFAULT_PATH = "/usr/local/bin:/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin";

/**
 * A LaunchAgent property list for the daemon: started at login, kept alive, logs in the state
 * directory (launchd does not create directories, so the files sit directly in it).
 * `user` is ignored: an agent always runs as the user who loads it.
 */
export function renderLaunchdPlist(opts: ServiceUnitOptions): string {
  assertUnitOptions(opts);
  const env = unitEnvironment(opts);
  if (!env.some(([k]) => k === "PATH")) env.push(["PATH", DEFAULT_PATH]);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    "<dict>",
    ...keyString("Label", LAUNCHD_LABEL),
    "  <key>ProgramArguments</key>",
    "  <array>",
    ...[opts.execPath, ...opts.args].map((a) => `    <string>${xml(a)}</string>`),
    "  </array>",
    ...keyString("WorkingDirectory", opts.stateDir),
    "  <key>EnvironmentVariables</key>",
    "  <dict>",
    ...env.flatMap(([k, v]) => [`    <key>${xml(k)}</key>`, `    <string>${xml(v)}</string>`]),
    "  </dict>",
    "  <key>RunAtLoad</key>",
    "  <true/>",
    "  <key>KeepAlive</key>",
    "  <true/>",
    // Seconds between restarts, so a daemon that cannot start does not spin.
    "  <key>ThrottleInterval</key>",
    "  <integer>10</integer>",
    ...keyString("ProcessType", "Background"),
    ...keyString("StandardOutPath", join(opts.stateDir, "daemon.out.log")),
    ...keyString("StandardErrorPath", join(opts.stateDir, "daemon.err.log")),
    "</dict>",
    "</plist>",
    "",
  ];
  return lines.join("\n");
}

function keyString(key: string, value: string): string[] {
  return [`  <key>${key}</key>`, `  <string>${xml(value)}</string>`];
}

function xml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}
