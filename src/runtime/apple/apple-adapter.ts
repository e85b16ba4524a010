/**
 * RuntimeAdapter for Apple's `container` CLI. Every call is one or a few CLI invocations with
 * argument arrays; observation is a constant number of list calls filtered client-side (the
 * CLI has no label filter). There is no event stream: the daemon polls.
 */
import {
  type Capabilities,
  type ContainerCreateSpec,
  HwError,
  type Observed,
  type ObservedContainer,
  type RuntimeAdapter,
  RuntimeErrorCode,
  type ServiceSpec,
} from "../../core/index.js";
import { appleCapabilities } from "./capabilities.js";
import { cliFailure, isNotFound } from "./cli-errors.js";
import { createCliRunner, type RunCli } from "./cli-runner.js";
import { buildCreateArgs } from "./create-args.js";
import { execWithTimeout } from "./exec-with-timeout.js";
import { streamLogs } from "./log-stream.js";
import { observeProject } from "./observe-project.js";
import { parseContainerList } from "./parse-containers.js";
import { checkCliVersion, checkSystemRunning, type PreflightResult } from "./preflight.js";
import { RecentStarts } from "./recent-starts.js";
import * as resources from "./resource-ops.js";
import { type UnsupportedField, unsupportedCreateFields, unsupportedFields } from "./unsupported-fields.js";

export interface AppleAdapterOptions {
  /** The `container` binary; default $HOSTWRIGHT_CONTAINER_BIN (from `env`), else `container` on PATH. */
  bin?: string;
  /** Environment to read HOSTWRIGHT_CONTAINER_BIN from and to add to every CLI call (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Receives preflight warnings (e.g. an unverified newer version); never printed here. */
  onWarning?: (message: string) => void;
  /** Per-call timeout (default 60 s); create gets 10 minutes because it may pull. */
  commandTimeoutMs?: number;
  /** How long `stopped` right after our own start counts as transient (default 5 s). */
  transientStoppedMs?: number;
  now?: () => number;
}

export interface AppleRuntimeAdapter extends RuntimeAdapter {
  /** Version gate + system status; also what ping() does. */
  preflight(): Promise<PreflightResult>;
  /**
   * Every field of a service this runtime cannot honour, beyond what capabilities() can say
   * (memory floor, exit-code-dependent settings, name rules…), so a caller can refuse the
   * manifest before any mutation. Pure: no CLI call.
   */
  unsupportedFields(service: ServiceSpec, project?: string): UnsupportedField[];
}

const CREATE_TIMEOUT_MS = 10 * 60_000;

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

export function createAppleAdapter(options: AppleAdapterOptions = {}): AppleRuntimeAdapter {
  const bin = options.bin ?? (options.env ?? process.env).HOSTWRIGHT_CONTAINER_BIN ?? "container";
  const env = options.env ? definedOnly(options.env) : undefined;
  const run: RunCli = createCliRunner({
    bin,
    timeoutMs: options.commandTimeoutMs ?? 60_000,
    ...(env ? { env } : {}),
  });
  const recentStarts = new RecentStarts(options.transientStoppedMs ?? 5_000, options.now);
  let versionGate: Promise<PreflightResult> | undefined;

  /** The version is checked once per adapter (a failed check is retried on the next call). */
  const gate = (): Promise<PreflightResult> => {
    versionGate ??= checkCliVersion(run).then(
      ({ version, warnings }) => {
        for (const w of warnings) options.onWarning?.(w);
        return { version: version.text, warnings };
      },
      (err: unknown) => {
        versionGate = undefined;
        throw err;
      },
    );
    return versionGate;
  };

  const withTransient = (c: ObservedContainer): ObservedContainer =>
    (c.state === "exited" || c.state === "created") && recentStarts.isTransient(c.id)
      ? { ...c, state: "restarting" }
      : c;

  /** Runs a lifecycle command where "not found" means the goal is already reached. */
  const idempotent = async (args: string[], what: string): Promise<void> => {
    await gate();
    const r = await run(args);
    if (r.exitCode !== 0 && !isNotFound(r)) throw cliFailure(what, r);
  };

  const adapter: AppleRuntimeAdapter = {
    name: "apple",
    preflight: async () => {
      const result = await gate();
      await checkSystemRunning(run);
      return result;
    },
    ping: async () => {
      await adapter.preflight();
    },
    capabilities: async (): Promise<Capabilities> => ({ ...appleCapabilities }),
    unsupportedFields,

    observe: async (project: string): Promise<Observed> => {
      await gate();
      return observeProject(run, project, withTransient);
    },

    ensureImage: async (ref, opts) => {
      await gate();
      return resources.ensureImage(run, ref, opts);
    },

    create: async (spec: ContainerCreateSpec) => {
      await gate();
      const problems = unsupportedCreateFields(spec);
      if (problems.length > 0) {
        throw new HwError(
          RuntimeErrorCode.unsupported,
          `cannot create ${spec.name}: ${problems.map((p) => `${p.field}: ${p.reason}`).join("; ")}`,
          { hint: "Change the manifest, or use the docker runtime for this service." },
        );
      }
      // `-v name:/path` would silently create an unlabelled volume (pitfall 15): refuse instead.
      const named = spec.volumes.filter((m) => m.type === "volume").map((m) => m.source);
      if (named.length > 0) {
        const existing = new Set((await resources.listVolumes(run)).map((v) => v.name));
        const missing = named.filter((n) => !existing.has(n));
        if (missing.length > 0) {
          throw new HwError(
            RuntimeErrorCode.notFound,
            `cannot create ${spec.name}: volume ${missing.join(", ")} does not exist`,
            {
              hint: "Volumes are created (with their labels) by an ensure-volume step before the container.",
              retryable: true,
            },
          );
        }
      }
      const r = await run(buildCreateArgs(spec), { timeoutMs: CREATE_TIMEOUT_MS });
      if (r.exitCode !== 0) throw cliFailure("container create", r, Object.values(spec.env));
      return { id: spec.name };
    },

    start: async (id) => {
      await gate();
      const r = await run(["start", id]);
      if (r.exitCode !== 0) throw cliFailure("container start", r);
      recentStarts.mark(id);
    },
    stop: async (id, graceMs) => {
      recentStarts.forget(id);
      await idempotent(
        ["stop", "--time", String(Math.max(0, Math.ceil(graceMs / 1000))), id],
        "container stop",
      );
    },
    // --force: a running container cannot be deleted otherwise; it is SIGKILLed first.
    remove: async (id) => {
      recentStarts.forget(id);
      await idempotent(["delete", "--force", id], "container delete");
    },

    inspect: async (id) => {
      await gate();
      const r = await run(["inspect", id]);
      // ≥1.0 errors for a missing ID; before 1.0 it printed [] with exit 0 (pitfall 17).
      if (r.exitCode !== 0) {
        if (isNotFound(r)) return undefined;
        throw cliFailure("container inspect", r);
      }
      const found = parseContainerList(r.stdout, "container inspect").find((c) => c.id === id);
      return found === undefined ? undefined : withTransient(found);
    },

    exec: async (id, argv, timeoutMs) => {
      await gate();
      return execWithTimeout(bin, env, id, argv, timeoutMs);
    },
    logs: (id, opts) => streamLogs(bin, env, id, opts),

    ensureNetwork: async (name, labels) => {
      await gate();
      await resources.ensureNetwork(run, name, labels);
    },
    removeNetwork: async (name) => {
      await gate();
      await resources.removeNetwork(run, name);
    },
    ensureVolume: async (name, labels) => {
      await gate();
      await resources.ensureVolume(run, name, labels);
    },
    removeVolume: async (name) => {
      await gate();
      await resources.removeVolume(run, name);
    },
  };
  return adapter;
}
