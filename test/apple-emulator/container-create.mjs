// `container create` and `container run` (reference §1.2): flags before the image, everything
// after it is the process's argv. create leaves the container `stopped` with no startedDate.
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { atLeast, CliError, parseOptions, usageError } from "./cli-support.mjs";
import { startContainer } from "./container-lifecycle.mjs";
import {
  checkMemory,
  checkPublishedPorts,
  createOptionSpec,
  parseEnv,
  parseLabel,
  parseMemory,
  parseMount,
  parsePublish,
  parseUser,
  parseVolumeFlag,
  validateContainerId,
} from "./create-flags.mjs";
import { ensureImage } from "./images.mjs";
import { withState } from "./state-store.mjs";
import { createVolumeRecord, volumeSource } from "./volumes.mjs";

const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

export async function createCommand(argv, { run = false } = {}) {
  const spec = run
    ? { ...createOptionSpec, "--progress": { key: "progress", value: true } }
    : createOptionSpec;
  const command = run ? "run" : "create";
  const { options, positionals, rest } = parseOptions(argv, spec, command, { passthrough: true });
  const image = positionals[0];
  if (image === undefined) throw usageError("Missing expected argument '<image>'", command);
  if (options.cpus !== undefined && !/^\d+$/.test(options.cpus)) {
    throw usageError(`The value '${options.cpus}' is invalid for '--cpus <cpus>'`, command);
  }
  if (options.noDns && (options.dns || options.dnsDomain || options.dnsSearch || options.dnsOption)) {
    throw usageError("--no-dns cannot be used with other DNS options", command);
  }
  const id = options.name ?? randomUUID().toLowerCase();
  validateContainerId(id);
  const labels = Object.fromEntries((options.label ?? []).map(parseLabel));
  const env = parseEnv(options.env);
  const ports = (options.publish ?? []).map(parsePublish);
  checkPublishedPorts(ports);
  const memory = options.memory === undefined ? 1024 ** 3 : checkMemory(parseMemory(options.memory));
  const warnings = [];

  const stored = withState((state) => {
    // run checks the name on the client before fetching; create learns it from the server after.
    if (run && state.containers[id]) throw new CliError(`container with id ${id} already exists`);
    const img = ensureImage(state, image);
    if (state.containers[id]) throw new CliError(`container already exists: ${id}`);
    const mounts = buildMounts(state, options, warnings);
    const networks = buildNetworks(state, id, options.network);
    const imageConfig = img.variants[0]?.config?.config ?? {};
    const argvTail = options.entrypoint ? rest : rest.length > 0 ? rest : (imageConfig.Cmd ?? []);
    const [executable, ...args] = options.entrypoint ? [options.entrypoint, ...argvTail] : argvTail;
    const environment = mergeEnv(imageConfig.Env ?? [], env);
    state.containers[id] = {
      // Emulator bookkeeping, never printed.
      emulator: { remove: Boolean(options.remove) },
      configuration: {
        id,
        creationDate: atLeast("1.0.0") ? nowIso() : undefined,
        image: { reference: img.configuration.name, descriptor: img.configuration.descriptor },
        initProcess: {
          executable: executable ?? "/bin/sh",
          arguments: args,
          environment,
          workingDirectory: options.workdir ?? "/",
          terminal: Boolean(options.tty),
          user: parseUser(options.user ?? options.uid),
          supplementalGroups: [],
          rlimits: [],
        },
        labels,
        sysctls: {},
        publishedPorts: ports,
        publishedSockets: [],
        mounts,
        networks,
        dns: options.noDns
          ? undefined
          : {
              nameservers: options.dns ?? [],
              searchDomains: options.dnsSearch ?? [],
              options: options.dnsOption ?? [],
            },
        platform: { os: "linux", architecture: "arm64" },
        resources: { cpus: Number(options.cpus ?? 4), memoryInBytes: memory, cpuOverhead: 1 },
        runtimeHandler: "container-runtime-linux",
        rosetta: Boolean(options.rosetta),
        virtualization: Boolean(options.virtualization),
        ssh: Boolean(options.ssh),
        readOnly: Boolean(options.readOnly),
        useInit: Boolean(options.init),
        capAdd: options.capAdd ?? [],
        capDrop: options.capDrop ?? [],
        shmSize: options.shmSize === undefined ? undefined : parseMemory(options.shmSize),
      },
      status: { state: "stopped", networks: [] },
    };
    return state.containers[id];
  });
  const stderr = warnings.map((w) => `${w}\n`).join("");
  if (!run) return { stdout: `${id}\n`, stderr };
  await startContainer(id, { attach: false });
  // Without -d the CLI waits for the process; an emulated process has nothing to wait for.
  return { stdout: options.detach ? `${id}\n` : "", stderr, exitCode: 0, stored };
}

/** Image env, then ours; deduplicated through a dictionary so the order is not preserved. */
function mergeEnv(imageEnv, env) {
  const merged = new Map();
  for (const kv of [...imageEnv, ...env]) {
    const eq = kv.indexOf("=");
    merged.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  return [...merged].reverse().map(([k, v]) => `${k}=${v}`);
}

function buildMounts(state, options, warnings) {
  const mounts = [];
  for (const text of options.volume ?? []) {
    const v = parseVolumeFlag(text);
    if (v.kind === "bind") {
      mounts.push({
        type: { virtiofs: {} },
        source: resolve(v.source),
        destination: v.destination,
        options: v.options,
      });
      continue;
    }
    let name = v.name;
    if (v.kind === "anonymous") {
      name = randomUUID().toLowerCase();
      createVolumeRecord(state, name, { "com.apple.container.resource.anonymous": "" });
    } else if (!state.volumes[name]) {
      createVolumeRecord(state, name, {});
      warnings.push(`Warning: volume ${name} does not exist, creating it`); // emulator wording
    }
    mounts.push(volumeMount(name, v.destination, v.options));
  }
  for (const text of options.mount ?? []) {
    const m = parseMount(text);
    if (m.type === "tmpfs")
      mounts.push({ type: { tmpfs: {} }, source: "", destination: m.destination, options: m.options });
    else if (m.type === "volume") {
      if (!state.volumes[m.source]) createVolumeRecord(state, m.source, {});
      mounts.push(volumeMount(m.source, m.destination, m.options));
    } else {
      // type=bind needs an existing directory (reference §1.2).
      mounts.push({
        type: { virtiofs: {} },
        source: resolve(m.source),
        destination: m.destination,
        options: m.options,
      });
    }
  }
  for (const path of options.tmpfs ?? []) {
    mounts.push({ type: { tmpfs: {} }, source: "", destination: path, options: [] });
  }
  return mounts;
}

function volumeMount(name, destination, options) {
  return {
    type: { volume: { name, format: "ext4", cache: { on: {} }, sync: { fsync: {} } } },
    source: volumeSource(name),
    destination,
    options,
  };
}

function buildNetworks(state, id, requested = ["default"]) {
  if (requested.length === 1 && requested[0] === "none") return [];
  return requested.map((spec) => {
    const [network] = spec.split(",");
    if (network !== "default" && !state.networks[network]) throw new CliError(`network ${network} not found`);
    return { network, options: { hostname: id, mtu: 1280 } };
  });
}
