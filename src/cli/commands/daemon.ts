import { mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, resolve } from "node:path";
import { ExitCode, HwError } from "../../core/index.js";
import { DashboardErrorCode } from "../../dashboard/dashboard-errors.js";
import type { CliContext } from "../context.js";
import { loadDesired } from "../load-desired.js";

export interface DaemonRunOptions {
  projectFile?: string[];
  http?: string;
  httpAllowRemote?: boolean;
  tlsCert?: string;
  tlsKey?: string;
}

/** Foreground daemon; JSON-line logs on stderr; stops cleanly on SIGINT/SIGTERM. */
export async function daemonCommand(
  opts: DaemonRunOptions,
  ctx: CliContext,
  signal: AbortSignal,
): Promise<number> {
  const { daemonLogger, runDaemon } = await import("../../daemon/index.js");
  const http = await httpOptions(opts);
  const projects = [];
  for (const f of opts.projectFile ?? []) projects.push(await loadDesired(f, ctx.output, ctx.env));
  const store = ctx.store();
  if (ctx.runtimeChoice() === "swarm") {
    const { runSwarmDaemonCommand } = await import("./swarm-daemon-command.js");
    return runSwarmDaemonCommand(projects, ctx, signal);
  }
  const { selectRuntime } = await import("../../runtime/select-runtime.js");
  const runtime = await selectRuntime(ctx.runtimeChoice(), ctx.env);
  await runDaemon({
    store,
    stateDir: store.dir,
    runtime,
    env: ctx.env,
    log: daemonLogger(),
    projects,
    signal,
    ...(http ? { http, announce: (line: string) => ctx.output.out(line) } : {}),
  });
  return ExitCode.ok;
}

/** --http and its TLS flags, refused before the daemon starts anything when they do not fit. */
async function httpOptions(opts: DaemonRunOptions) {
  const tlsOnly = opts.httpAllowRemote || opts.tlsCert !== undefined || opts.tlsKey !== undefined;
  if (opts.http === undefined) {
    if (tlsOnly)
      throw new HwError(
        DashboardErrorCode.badAddress,
        "--http-allow-remote, --tls-cert and --tls-key need --http ADDR",
        {
          hint: "for example --http 127.0.0.1:8787",
          exitCode: ExitCode.usage,
        },
      );
    return undefined;
  }
  const http = {
    address: opts.http,
    ...(opts.httpAllowRemote ? { allowRemote: true } : {}),
    ...(opts.tlsCert !== undefined ? { tlsCert: opts.tlsCert } : {}),
    ...(opts.tlsKey !== undefined ? { tlsKey: opts.tlsKey } : {}),
  };
  const { checkListenPolicy } = await import("../../dashboard/listen-address.js");
  checkListenPolicy(http);
  return http;
}

export interface DaemonInstallOptions {
  print?: boolean;
}

/** Writes a systemd user/system unit (Linux) or a launchd agent (macOS), or prints it. */
export async function daemonInstallCommand(opts: DaemonInstallOptions, ctx: CliContext): Promise<number> {
  const { renderLaunchdPlist, renderSystemdUnit, serviceUnitTarget } = await import(
    "../../daemon/service-unit/index.js"
  );
  const stateDir = ctx.stateDir();
  const bin = resolve(process.argv[1] ?? "hostwright");
  const unitOpts = {
    execPath: process.execPath,
    args: [bin, "daemon", ...(ctx.options.runtime ? ["--runtime", ctx.options.runtime] : [])],
    stateDir,
    ...(ctx.env.DOCKER_HOST ? { environment: { DOCKER_HOST: ctx.env.DOCKER_HOST } } : {}),
  };
  const target = serviceUnitTarget(process.platform, homedir(), process.getuid?.());
  const text = process.platform === "darwin" ? renderLaunchdPlist(unitOpts) : renderSystemdUnit(unitOpts);
  if (opts.print) {
    ctx.output.out(text.trimEnd());
    return ExitCode.ok;
  }
  mkdirSync(dirname(target.path), { recursive: true });
  writeFileSync(target.path, text, { mode: 0o644 });
  ctx.output.out(`Wrote ${target.path}\n${target.enableHint}`);
  return ExitCode.ok;
}
