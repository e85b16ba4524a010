/**
 * The command tree. Each action returns an exit code; main.ts is the one place that exits.
 */
import { Command, CommanderError, Option } from "commander";
import type { ComposeFlags } from "./compose-flags.js";
import { CliContext, type GlobalOptions } from "./context.js";
import type { Output } from "./output.js";
import { hostwrightVersion } from "./version.js";

export type Runner = (program: Command) => Promise<number>;

export function buildProgram(
  output: Output,
  env: NodeJS.ProcessEnv,
  setExit: (code: number) => void,
  signal: AbortSignal,
): Command {
  const program = new Command("hostwright")
    .description("Desired-state manager for containers on one machine: plan, apply, watch, heal.")
    .version(hostwrightVersion(), "-V, --version")
    .option(
      "--state-dir <dir>",
      "state directory (default $HOSTWRIGHT_STATE_DIR, $XDG_STATE_HOME/hostwright, ~/.local/state/hostwright)",
    )
    .addOption(
      new Option("--runtime <runtime>", "container runtime (default $HOSTWRIGHT_RUNTIME or auto)").choices([
        "auto",
        "docker",
        "apple",
        "swarm",
      ]),
    )
    .option("--project-name <name>", "Compose input: project name (as docker compose -p)")
    .option("--env-file <file>", "Compose input: read variables from this file instead of ./.env")
    .option("--profile <name...>", "Compose input: enable services of these profiles")
    .showHelpAfterError("(run `hostwright help` for usage)")
    .configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()) })
    .exitOverride();

  // Compose flags go down typed (ctx.compose, or `compose` on the options); the environment is left alone.
  let compose: ComposeFlags = {};
  program.hook("preAction", (_root, action) => {
    const o = program.opts<{ projectName?: string; envFile?: string; profile?: string[] }>();
    const given = action.getOptionValue("file") as string[] | string | undefined;
    const files = Array.isArray(given) ? given : given === undefined ? [] : [given];
    // Commands read `file` as the first -f; the whole list is in compose.files.
    if (Array.isArray(given)) action.setOptionValue("file", given[0]);
    compose = {
      ...(o.projectName ? { projectName: o.projectName } : {}),
      ...(o.envFile ? { envFiles: [o.envFile] } : {}),
      ...(o.profile ? { profiles: o.profile } : {}),
      ...(files.length > 1 ? { files } : {}),
    };
    if (action.options.some((opt) => opt.attributeName() === "file"))
      action.setOptionValue("compose", compose);
  });
  const ctxFor = () => new CliContext(program.opts<GlobalOptions>(), output, env, compose);
  const run = (fn: (ctx: CliContext) => Promise<number> | number) => async () => {
    const ctx = ctxFor();
    try {
      setExit(await fn(ctx));
    } finally {
      await ctx.close();
    }
  };
  // Repeated -f (Compose overrides) are collected in order (the preAction hook hands them down).
  const file = () =>
    new Option(
      "-f, --file <file>",
      "manifest or Compose file (repeat for Compose overrides), or an inventory directory (default ./hostwright.yaml, else compose.yaml, else . with project.yaml)",
    ).argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);

  program
    .command("validate")
    .description("check hostwright.yaml and report every problem with its line and column")
    .addOption(file())
    .option("--json", "machine-readable result")
    .action(async (o) => {
      const { validateCommand } = await import("./commands/validate.js");
      setExit(await validateCommand(o, output, env));
    });

  program
    .command("import")
    .description("write the native hostwright.yaml equivalent to a Compose file")
    .addOption(file())
    .option("-o, --output <file>", "where to write it (default: stdout)")
    .action(async (o) => {
      const { importCommand } = await import("./commands/import.js");
      setExit(await importCommand(o, output, env));
    });

  program
    .command("config")
    .description("print the resolved model (interpolated, merged, defaults filled)")
    .addOption(file())
    .option("--json", "the desired state as JSON")
    .action(async (o) => {
      const { configCommand } = await import("./commands/import.js");
      setExit(await configCommand(o, output, env));
    });

  program
    .command("schema")
    .description("print the JSON Schema of hostwright.yaml (for editors and yaml-language-server)")
    .action(async () => {
      const { schemaCommand } = await import("./commands/schema.js");
      setExit(schemaCommand(output));
    });

  program
    .command("plan")
    .description("show what apply would change, and why; changes nothing")
    .addOption(file())
    .option("--json", "the plan as JSON")
    .option("--detailed-exitcode", "exit 2 when changes are pending, 0 when converged")
    .option("--out <plan.json>", "save the plan; `hostwright apply plan.json` applies exactly it or refuses")
    .action(async (o) => {
      const { planCommand } = await import("./commands/plan.js");
      await run((ctx) => planCommand(o, ctx))();
    });

  for (const name of ["apply", "up"]) {
    program
      .command(`${name} [planFile]`)
      .description(
        name === "up"
          ? "same as apply"
          : "converge the runtime to the manifest: show the plan, execute it, report",
      )
      .addOption(file())
      .option("--confirm-plan <hash>", "apply only if the plan's hash is still this one (exit 70 otherwise)")
      .option("--json", "result as JSON")
      .option("--parallelism <n>", "independent operations run at once", "8")
      .option(
        "--lock-timeout <duration>",
        "wait this long for another writer to finish (default 0: fail at once)",
        "0s",
      )
      .option("--recovery", "run the recovery plan recorded after a failed update (see `hostwright plan`)")
      .option("-d, --detach", "accepted for docker compose habits: apply always returns when converged")
      .action(async (planFile: string | undefined, o) => {
        const { applyCommand } = await import("./commands/apply.js");
        await run((ctx) => applyCommand({ ...o, ...(planFile ? { planFile } : {}) }, ctx))();
      });
  }

  program
    .command("down")
    .description(
      "remove every container, network (and with --volumes, volume) hostwright owns for the project",
    )
    .addOption(file())
    .option("-p, --project <name>", "project name when there is no manifest at hand")
    .option("-v, --volumes", "also remove the project's named volumes (as docker compose down -v)")
    .option("--json", "result as JSON")
    .action(async (o) => {
      const { downCommand } = await import("./commands/down.js");
      await run((ctx) => downCommand(o, ctx))();
    });

  program
    .command("status")
    .description("desired vs observed per service and instance, drift, and the project's summary state")
    .addOption(file())
    .option("-p, --project <name>", "a project applied earlier, when there is no manifest at hand")
    .option("--json", "status as JSON")
    .action(async (o) => {
      const { statusCommand } = await import("./commands/status.js");
      await run((ctx) => statusCommand(o, ctx))();
    });

  program
    .command("update")
    .description("image updates of services with autoUpdate: --check lists them; changes nothing")
    .option("--check", "ask the registry and list available updates (the daemon applies them)")
    .addOption(file())
    .option("-p, --project <name>", "a project applied earlier, when there is no manifest at hand")
    .option("--json", "as JSON")
    .action(async (o) => {
      const { updateCommand } = await import("./commands/update.js");
      await run((ctx) => updateCommand(o, ctx))();
    });

  program
    .command("rollback <service>")
    .description("put a service back on purpose, through the apply flow")
    .option("--to <revision|digest>", "a stored desired revision or an image digest (default: the previous)")
    .addOption(file())
    .option("-p, --project <name>", "a project applied earlier, when there is no manifest at hand")
    .option("--lock-timeout <duration>", "wait this long for another writer (the daemon) to finish", "30s")
    .option("--json", "result as JSON")
    .action(async (service: string, o) => {
      const { rollbackCommand } = await import("./commands/rollback.js");
      await run((ctx) => rollbackCommand(service, o, ctx))();
    });

  program
    .command("ps")
    .description("containers hostwright owns for the project")
    .addOption(file())
    .option("-p, --project <name>", "project name")
    .option("--json", "as JSON")
    .action(async (o) => {
      const { psCommand } = await import("./commands/ps.js");
      await run((ctx) => psCommand(o, ctx))();
    });

  program
    .command("events")
    .description("structured events recorded by apply and the daemon")
    .option("-p, --project <name>", "only this project")
    .option("-s, --service <name>", "only this service")
    .option("--since <time>", "a duration (10m) or a timestamp")
    .option("--limit <n>", "at most this many past events")
    .option("--follow", "keep printing new events")
    .option("--json", "one JSON object per line")
    .action(async (o) => {
      const { eventsCommand } = await import("./commands/events.js");
      await run((ctx) => eventsCommand(o, ctx, signal))();
    });

  program
    .command("logs <service>")
    .description("logs of every instance of a service")
    .option("--file <file>", "manifest (default ./hostwright.yaml)")
    .option("-p, --project <name>", "project name")
    .option("-f, --follow", "keep streaming")
    .option("--tail <n>", "only the last n lines")
    .action(async (service: string, o) => {
      const { logsCommand } = await import("./commands/logs.js");
      await run((ctx) => logsCommand(service, o, ctx, signal))();
    });

  const state = program.command("state").description("inspect and back up the state store");
  state
    .command("check")
    .description("verify the database and that the store agrees with the engine (exit 1 on any problem)")
    .option("-p, --project <name>", "only this project")
    .option("--json", "as JSON")
    .action(async (o) => {
      const { stateCheckCommand } = await import("./commands/state.js");
      await run((ctx) => stateCheckCommand(o, ctx))();
    });
  state
    .command("backup <file>")
    .description("write a consistent copy of the state store")
    .option("--json", "as JSON")
    .action(async (file: string, o) => {
      const { stateBackupCommand } = await import("./commands/state.js");
      await run((ctx) => stateBackupCommand(file, o, ctx))();
    });

  const daemon = program
    .command("daemon")
    .description(
      "run the supervisor in the foreground: continuous reconciliation, health probes, restarts (JSON logs on stderr)",
    )
    .option(
      "--project-file <file>",
      "also supervise this manifest (repeatable)",
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .option(
      "--http <addr>",
      "also serve the API and the dashboard on HOST:PORT (token-guarded), e.g. 127.0.0.1:8787",
    )
    .option(
      "--http-allow-remote",
      "let --http listen on a non-loopback address (needs --tls-cert and --tls-key)",
    )
    .option("--tls-cert <file>", "serve --http over HTTPS with this PEM certificate")
    .option("--tls-key <file>", "the PEM private key for --tls-cert")
    .action(async (o) => {
      const { daemonCommand } = await import("./commands/daemon.js");
      await run((ctx) => daemonCommand(o, ctx, signal))();
    });
  daemon
    .command("install")
    .description("write a systemd unit (Linux) or launchd agent (macOS) that runs the daemon")
    .option("--print", "print it instead of writing it")
    .action(async (o) => {
      const { daemonInstallCommand } = await import("./commands/daemon.js");
      await run((ctx) => daemonInstallCommand(o, ctx))();
    });

  program
    .command("dashboard")
    .description("print the running daemon's dashboard URL (with its token); start it with `daemon --http`")
    .option("--json", "as JSON")
    .action(async (o) => {
      const { dashboardCommand } = await import("./commands/dashboard.js");
      await run((ctx) => dashboardCommand(o, ctx))();
    });

  for (const action of ["stop", "start"] as const) {
    program
      .command(`${action} [service]`)
      .description(
        action === "stop"
          ? "stop owned containers (all, or one service); the daemon will not restart them until `start`"
          : "start containers stopped with `hostwright stop`",
      )
      .addOption(file())
      .option("-p, --project <name>", "project name")
      .option("--json", "as JSON")
      .action(async (service: string | undefined, o) => {
        const { stopStartCommand } = await import("./commands/stop-start.js");
        await run((ctx) => stopStartCommand(service, action, o, ctx))();
      });
  }

  for (const [name, paused] of [
    ["pause", true],
    ["resume", false],
  ] as const) {
    program
      .command(`${name} [service]`)
      .description(
        paused
          ? "stop the daemon from repairing a project (or one service); drift is still reported"
          : "let the daemon repair again",
      )
      .addOption(file())
      .option("-p, --project <name>", "project name")
      .option("--json", "as JSON")
      .action(async (service: string | undefined, o) => {
        const { pauseCommand } = await import("./commands/pause.js");
        await run((ctx) => pauseCommand(service, paused, o, ctx))();
      });
  }

  program
    .command("help [command]")
    .description("show help")
    .action((cmd?: string) => {
      const sub = cmd ? program.commands.find((c) => c.name() === cmd) : undefined;
      output.out((sub ?? program).helpInformation());
      setExit(0);
    });
  return program;
}

export { CommanderError };
