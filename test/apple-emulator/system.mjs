// `container system` (reference §1.4, §2.6). `$APPLE_EMULATOR_SYSTEM` (running | stopped |
// unregistered) overrides the stored state so a test can simulate a down service.
import { emulatedVersion, optionSpec, parseOptions, usageError } from "./cli-support.mjs";
import { readState, withState } from "./state-store.mjs";
import { encodeSwiftJson } from "./swift-json.mjs";

export function systemState() {
  return process.env.APPLE_EMULATOR_SYSTEM ?? readState().system;
}

function statusJson(status) {
  const running = status === "running";
  const v = emulatedVersion();
  return {
    status: running ? "running" : status === "unregistered" ? "unregistered" : "not running",
    appRoot: running ? "/Users/emulator/Library/Application Support/com.apple.container/" : "",
    installRoot: running ? "/usr/local/" : "",
    apiServerVersion: running ? `container-apiserver version ${v} (build: release, commit: unspecified)` : "",
    apiServerCommit: running ? "unspecified" : "",
    apiServerBuild: running ? "release" : "",
    apiServerAppName: running ? "container-apiserver" : "",
  };
}

export function systemCommand(argv) {
  const [sub, ...args] = argv;
  switch (sub) {
    case "status": {
      const spec = optionSpec([
        [["-p", "--prefix"], "prefix"],
        [["--format"], "format"],
      ]);
      const { options } = parseOptions(args, spec, "system status");
      const status = systemState();
      const exitCode = status === "running" ? 0 : 1; // not running / unregistered: exit 1, no "Error:" line
      if (options.format === "json") return { stdout: `${encodeSwiftJson(statusJson(status))}\n`, exitCode };
      const text = {
        running: "apiserver is running",
        stopped: "apiserver is not running",
        unregistered: "apiserver is not running and not registered with launchd",
      }[status];
      return { stdout: `${text ?? "apiserver is not running"}\n`, exitCode };
    }
    case "start": {
      const spec = optionSpec([
        [["-a", "--app-root"], "appRoot"],
        [["--install-root"], "installRoot"],
        [["--log-root"], "logRoot"],
        [["--enable-kernel-install"], "enableKernel", false],
        [["--disable-kernel-install"], "disableKernel", false],
        [["--timeout"], "timeout"],
      ]);
      parseOptions(args, spec, "system start");
      return withState((state) => {
        if (state.system !== "running") {
          // After an API server restart every container is stopped and --rm ones are reaped (pitfall 1).
          for (const [id, c] of Object.entries(state.containers)) {
            if (c.emulator.remove) delete state.containers[id];
            else c.status = { state: "stopped", networks: [] };
          }
        }
        state.system = "running";
        return { stdout: "" };
      });
    }
    case "stop":
      return withState((state) => {
        state.system = "stopped";
        return { stdout: "" };
      });
    case "version":
      return { stdout: `container CLI version ${emulatedVersion()}\n` };
    default:
      throw usageError(`Unexpected argument '${sub ?? ""}'`, "system");
  }
}
