import type { ProbeSet, ServiceSpec } from "../core/index.js";
import { checkAutoUpdate } from "./check-auto-update.js";
import { checkArgv } from "./check-command.js";
import { checkDependsOn } from "./check-depends-on.js";
import { checkEngineOptions } from "./check-engine-options.js";
import { checkEnv, checkLabels, checkSecretEnv } from "./check-env.js";
import { checkLegacyHealth } from "./check-health.js";
import { checkImage } from "./check-image.js";
import { checkPlacement } from "./check-placement.js";
import {
  checkResources,
  checkRestart,
  checkUpdate,
  defaultRestart,
  defaultUpdate,
} from "./check-policies.js";
import { checkPorts } from "./check-ports.js";
import { checkProbes } from "./check-probes.js";
import { checkRuntimeFields } from "./check-runtime-fields.js";
import { checkMounts } from "./check-volumes.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import type { ServiceContext, ServiceDraft } from "./drafts.js";
import { SERVICE_FOREIGN } from "./foreign-keys.js";
import { SERVICE_KEYS } from "./known-keys.js";
import { childPath, type LEntry } from "./located.js";
import { expectMap, MapReader, readStringish } from "./map-reader.js";
import { DNS_LABEL_HINT, isDnsLabel, MAX_CONTAINER_NAME, suggestDnsLabel } from "./names.js";

export const DEFAULT_STOP_GRACE_MS = 10_000;

/** One entry of `services:`. Returns a draft even when parts are invalid, so cross-service checks still run. */
export function checkService(
  sink: DiagnosticSink,
  entry: LEntry,
  ctx: ServiceContext,
): ServiceDraft | undefined {
  const name = entry.key;
  const path = childPath("services", name);
  checkServiceName(sink, entry, path);
  const map = expectMap(sink, entry.value, path, "a map with at least `image`");
  if (map === undefined) return undefined;
  const f = new MapReader(sink, map, path, SERVICE_KEYS, SERVICE_FOREIGN);

  // A built service gets its image tag from its build inputs (runtime/build resolveBuild).
  const builds = f.entry("build") !== undefined;
  const imageEntry = builds ? f.entry("image") : f.require("image", "or `build: ./dir` to build it");
  if (builds && imageEntry !== undefined) {
    sink.error(
      imageEntry.keyPos,
      f.at("image"),
      DiagnosticCode.invalidValue,
      "`image` and `build` both set",
      "a built image is tagged <project>-<service>:hw-<inputs hash>; remove `image`",
    );
  }
  const image = imageEntry ? checkImage(sink, imageEntry.value, f.at("image"), ctx.imagePolicy) : undefined;
  const replicas = f.int("replicas", 0, 256) ?? 1;
  const ports = f.read("ports", (node, at) => checkPorts(sink, node, at)) ?? [];
  if (replicas > 1) {
    for (const port of ports) {
      if (port.value.host === null) continue;
      sink.error(
        port.pos,
        port.path,
        DiagnosticCode.replicasFixedPort,
        `replicas: ${replicas} cannot share fixed host port ${port.value.host}`,
        `drop the host port ("${port.value.container}") to get an ephemeral port per replica`,
      );
    }
  }
  const containerPorts = [...new Set(ports.map((p) => p.value.container))];
  const env = f.read("env", (node, at) => checkEnv(sink, node, at)) ?? {};
  const allowUnsafeBind = f.bool("allowUnsafeBind") ?? false;
  const volumes = f.read("volumes", (node, at) => checkMounts(sink, node, at, ctx, allowUnsafeBind)) ?? [];

  const spec: Omit<ServiceSpec, "specHash"> = {
    name,
    image: image ?? "",
    replicas,
    init: f.bool("init") ?? false,
    env,
    secretEnv:
      f.read("secretEnv", (node, at) => checkSecretEnv(sink, node, at, new Set(Object.keys(env)))) ?? {},
    labels: f.read("labels", (node, at) => checkLabels(sink, node, at)) ?? {},
    ports: ports.map((p) => p.value),
    volumes: volumes.map((v) => v.value),
    dependsOn: {},
    probes: checkServiceProbes(sink, f, containerPorts),
    restart: f.read("restart", (node, at) => checkRestart(sink, node, at)) ?? defaultRestart(),
    update: f.read("update", (node, at) => checkUpdate(sink, node, at)) ?? defaultUpdate(),
    stopGracePeriodMs: f.duration("stopGracePeriod", { allowZero: true }) ?? DEFAULT_STOP_GRACE_MS,
    resources: f.read("resources", (node, at) => checkResources(sink, node, at)) ?? {},
    readOnlyRootFilesystem: f.bool("readOnlyRootFilesystem") ?? false,
  };
  const command = f.read("command", (node, at) => checkArgv(sink, node, at));
  const entrypoint = f.read("entrypoint", (node, at) => checkArgv(sink, node, at));
  const workdir = checkWorkdir(f);
  const user = checkAccount(f, "user");
  const group = checkAccount(f, "group");
  const shmSizeBytes = f.size("shmSize");
  const placement = f.read("placement", (node, at) => checkPlacement(sink, node, at));
  const autoUpdate = f.read("autoUpdate", (node, at) => checkAutoUpdate(sink, node, at, image));
  Object.assign(
    spec,
    command && { command },
    entrypoint && { entrypoint },
    workdir !== undefined && { workdir },
    user !== undefined && { user },
    group !== undefined && { group },
    shmSizeBytes !== undefined && { shmSizeBytes },
    placement && { placement },
    autoUpdate && { autoUpdate },
    checkEngineOptions(f),
    checkRuntimeFields(f, {
      manifestDir: ctx.manifestDir,
      declaredNetworks: ctx.declaredNetworks ?? new Set(),
      subnetNetworks: ctx.subnetNetworks ?? new Set(),
      replicas,
    }),
  );
  const dependencies = f.read("dependsOn", (node, at) => checkDependsOn(sink, node, at)) ?? [];
  for (const d of dependencies) {
    spec.dependsOn[d.value.target] = d.value.condition;
    if (d.value.options)
      spec.dependsOnOptions = { ...spec.dependsOnOptions, [d.value.target]: d.value.options };
  }
  checkNameLength(sink, entry, path, ctx.project, replicas);
  return { name, keyPos: entry.keyPos, path, spec, ports, volumes, dependencies };
}

function checkServiceName(sink: DiagnosticSink, entry: LEntry, path: string): void {
  if (isDnsLabel(entry.key)) return;
  const suggestion = suggestDnsLabel(entry.key);
  const hint = suggestion ? `${DNS_LABEL_HINT}, e.g. "${suggestion}"` : DNS_LABEL_HINT;
  sink.error(entry.keyPos, path, DiagnosticCode.invalidName, `invalid service name "${entry.key}"`, hint);
}

function checkNameLength(
  sink: DiagnosticSink,
  entry: LEntry,
  path: string,
  project: string | undefined,
  replicas: number,
): void {
  if (project === undefined || !isDnsLabel(entry.key)) return;
  const longest = `${project}-${entry.key}-${Math.max(1, replicas)}`;
  if (longest.length <= MAX_CONTAINER_NAME) return;
  sink.error(
    entry.keyPos,
    path,
    DiagnosticCode.nameTooLong,
    `container name "${longest}" is ${longest.length} characters; the limit is ${MAX_CONTAINER_NAME}`,
    "shorten the project or service name",
  );
}

function checkServiceProbes(sink: DiagnosticSink, f: MapReader, containerPorts: number[]): ProbeSet {
  const probesNode = f.value("probes");
  const probes = probesNode ? checkProbes(sink, probesNode, f.at("probes"), containerPorts) : {};
  const healthEntry = f.entry("health");
  if (healthEntry === undefined) return probes;
  const legacy = checkLegacyHealth(sink, healthEntry, f.at("health"));
  const probesMap = probesNode?.kind === "map" ? probesNode : undefined;
  const clash = probesMap?.entries.find((e) => e.key === "readiness" || e.key === "liveness");
  if (clash !== undefined) {
    sink.error(
      healthEntry.keyPos,
      f.at("health"),
      DiagnosticCode.invalidProbe,
      `\`health\` and \`probes.${clash.key}\` both set`,
      "keep probes and remove the legacy `health`",
    );
    return probes;
  }
  // Two copies, so a consumer adjusting one probe never changes the other.
  return legacy
    ? { ...probes, readiness: structuredClone(legacy), liveness: structuredClone(legacy) }
    : probes;
}

function checkWorkdir(f: MapReader): string | undefined {
  const workdir = f.string("workdir");
  if (workdir === undefined || workdir.startsWith("/")) return workdir;
  f.sink.error(
    f.value("workdir")!.pos,
    f.at("workdir"),
    DiagnosticCode.invalidValue,
    `workdir "${workdir}" must be an absolute path`,
  );
  return undefined;
}

/** `user`/`group`: a name or a numeric id, kept as a string. */
function checkAccount(f: MapReader, key: "user" | "group"): string | undefined {
  const node = f.value(key);
  if (node === undefined) return undefined;
  const value = readStringish(f.sink, node, f.at(key));
  if (value === undefined) return undefined;
  if (
    (node.kind === "scalar" && typeof node.value === "boolean") ||
    !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(value)
  ) {
    f.sink.error(
      node.pos,
      f.at(key),
      DiagnosticCode.invalidValue,
      `invalid ${key} "${value}"`,
      `a name or a numeric id${key === "user" ? "; set the group with `group`" : ""}`,
    );
    return undefined;
  }
  return value;
}
