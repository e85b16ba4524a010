// start / stop / kill / delete / prune (reference §1.3, error texts §3.2). A start allocates a
// fresh IP every time (pitfall 6), truncates the log (pitfall 14) and "boots" the init process
// through the mini shell: a process that finishes leaves the container `stopped` right away.
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { atLeast, CliError, optionSpec, parseOptions, usageError } from "./cli-support.mjs";
import { portsOverlap } from "./create-flags.mjs";
import { runArgv } from "./mini-shell.mjs";
import { networkPrefix } from "./networks.mjs";
import { logPath, readState, withState } from "./state-store.mjs";

const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

export function envObject(environment) {
  return Object.fromEntries(
    environment.map((kv) => {
      const eq = kv.indexOf("=");
      return [kv.slice(0, eq), kv.slice(eq + 1)];
    }),
  );
}

export async function startCommand(argv) {
  const spec = optionSpec([
    [["-a", "--attach"], "attach", false],
    [["-i", "--interactive"], "interactive", false],
  ]);
  const { options, positionals } = parseOptions(argv, spec, "start");
  if (positionals.length !== 1) throw usageError("Missing expected argument '<container-id>'", "start");
  await startContainer(positionals[0], options);
  return { stdout: `${positionals[0]}\n` };
}

export async function startContainer(id, { attach }) {
  const before = readState().containers[id];
  if (!before) throw new CliError(`get failed: container ${id} not found`);
  if (before.status.state === "running") {
    if (attach) throw new CliError("attach is currently unsupported on already running containers");
    return;
  }
  const init = before.configuration.initProcess;
  const boot = await runArgv(
    [init.executable, ...init.arguments],
    { env: envObject(init.environment), id },
    true,
  );
  withState((state) => {
    const c = state.containers[id];
    if (!c) throw new CliError(`get failed: container ${id} not found`);
    for (const m of c.configuration.mounts) {
      if ("virtiofs" in m.type && !existsSync(m.source)) {
        throw new CliError(`bind mount source ${m.source} does not exist`); // emulator wording
      }
    }
    for (const [otherId, other] of Object.entries(state.containers)) {
      if (otherId === id || other.status.state !== "running") continue;
      for (const p of c.configuration.publishedPorts) {
        if (other.configuration.publishedPorts.some((q) => portsOverlap(p, q))) {
          // Port conflicts surface at start, not at create (pitfall 11). Emulator wording.
          throw new CliError(
            `internalError: "failed to bootstrap container" (cause: "address already in use: ${p.hostAddress}:${p.hostPort}")`,
          );
        }
      }
    }
    const octet = () => {
      const n = state.nextIp;
      state.nextIp = n >= 254 ? 2 : n + 1;
      return n;
    };
    const path = logPath(id);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, boot.stdout + boot.stderr); // O_TRUNC on every start
    c.status.startedDate = nowIso();
    if (boot.longRunning) {
      c.status.state = "running";
      c.status.networks = c.configuration.networks.map((n) => {
        const prefix = networkPrefix(state, n.network);
        return {
          network: n.network,
          hostname: n.options.hostname,
          ipv4Address: `${prefix}.${octet()}/24`,
          ipv4Gateway: `${prefix}.1`,
          macAddress: "f2:1a:7c:33:90:0e",
          mtu: n.options.mtu ?? 1280,
        };
      });
    } else {
      // The process already finished: stopped, no networks, no exit code (reference §2.2).
      c.status.state = "stopped";
      c.status.networks = [];
      if (c.emulator.remove) delete state.containers[id];
    }
  });
}

function notFoundCause(verb, id) {
  return `internalError: "failed to ${verb} container" (cause: "notFound: "container with ID ${id} not found"")`;
}

function resolveTargets(state, positionals, all, command) {
  if (all && positionals.length > 0) throw usageError("conflicting options: IDs and --all", command);
  return all ? Object.keys(state.containers) : [...new Set(positionals)];
}

function stopRecord(state, id) {
  const c = state.containers[id];
  c.status.state = "stopped";
  c.status.networks = [];
  if (c.emulator.remove) delete state.containers[id];
}

export function stopCommand(argv, verb = "stop") {
  const spec = optionSpec([
    [["-a", "--all"], "all", false],
    [["-s", "--signal"], "signal"],
    [["-t", "--time"], "time"],
  ]);
  const { options, positionals } = parseOptions(argv, spec, verb);
  if (options.time !== undefined && !/^\d+$/.test(options.time)) {
    throw usageError(`The value '${options.time}' is invalid for '--time <time>'`, verb);
  }
  return withState((state) => {
    const done = [];
    const errors = [];
    const targets = resolveTargets(state, positionals, options.all, verb);
    for (const id of targets) {
      const c = state.containers[id];
      if (!c) {
        // Before 0.11.0 stop/kill of an unknown ID printed nothing and succeeded (#878).
        if (atLeast("0.11.0")) errors.push(notFoundCause(verb, id));
        continue;
      }
      if (verb === "kill" && c.status.state !== "running") {
        if (options.all) continue;
        errors.push(
          `internalError: "failed to kill container" (cause: "invalidState: "no runtime client exists: container is stopped"")`,
        );
        continue;
      }
      if (c.status.state === "running") stopRecord(state, id);
      done.push(id);
    }
    const stdout = done.map((id) => `${id}\n`).join("");
    if (errors.length > 0) throw new CliError(errors.join("\n"), 1, undefined, stdout);
    return { stdout };
  });
}

export function deleteCommand(argv) {
  const spec = optionSpec([
    [["-a", "--all"], "all", false],
    [["-f", "--force"], "force", false],
  ]);
  const { options, positionals } = parseOptions(argv, spec, "delete");
  return withState((state) => {
    const done = [];
    const errors = [];
    for (const id of resolveTargets(state, positionals, options.all, "delete")) {
      const c = state.containers[id];
      if (atLeast("1.2.0") && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(id)) {
        errors.push(
          `internalError: "failed to delete container" (cause: "invalidArgument: "container ID ${id} is not a valid container ID"")`,
        );
      } else if (!c) {
        if (atLeast("0.11.0")) errors.push(notFoundCause("delete", id));
      } else if (c.status.state === "running" && !options.force) {
        if (options.all) continue; // --all skips running containers unless -f
        errors.push(
          `internalError: "failed to delete container" (cause: "invalidState: "container ${id} is running and can not be deleted"")`,
        );
      } else {
        delete state.containers[id];
        rmSync(logPath(id), { force: true });
        done.push(id);
      }
    }
    const stdout = done.map((id) => `${id}\n`).join("");
    if (errors.length > 0) throw new CliError(errors.join("\n"), 1, undefined, stdout);
    return { stdout };
  });
}

export function pruneCommand() {
  return withState((state) => {
    const removed = Object.keys(state.containers).filter(
      (id) => state.containers[id].status.state !== "running",
    );
    for (const id of removed) delete state.containers[id];
    return { stdout: removed.map((id) => `${id}\n`).join("") };
  });
}
