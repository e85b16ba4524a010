// `container volume` (reference §1.4, JSON §2.6). Texts the reference does not quote are
// marked "emulator wording".
import { CliError, optionSpec, parseOptions, usageError } from "./cli-support.mjs";
import { parseLabel, parseMemory } from "./create-flags.mjs";
import { readState, withState } from "./state-store.mjs";
import { encodeSwiftJson } from "./swift-json.mjs";

const APP_ROOT = "/Users/emulator/Library/Application Support/com.apple.container";
const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export function volumeSource(name) {
  return `${APP_ROOT}/volumes/${name}/volume.img`;
}

export function createVolumeRecord(state, name, labels, sizeInBytes) {
  state.volumes[name] = {
    id: name,
    configuration: {
      name,
      driver: "local",
      format: "ext4",
      source: volumeSource(name),
      creationDate: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      labels,
      options: {},
      sizeInBytes,
    },
  };
}

function usedBy(state, name) {
  return Object.values(state.containers).find((c) =>
    c.configuration.mounts.some((m) => m.type.volume?.name === name),
  );
}

export function volumeCommand(argv) {
  const [sub, ...args] = argv;
  const json = (v, pretty = false) => `${encodeSwiftJson(v, { pretty })}\n`;
  switch (sub) {
    case "create": {
      const spec = optionSpec([
        [["--label"], "label", true, true],
        [["--opt"], "opt", true, true],
        [["-s"], "size"],
      ]);
      const { options, positionals } = parseOptions(args, spec, "volume create");
      const name = positionals[0];
      if (name === undefined) throw usageError("Missing expected argument '<name>'", "volume create");
      if (!VOLUME_NAME.test(name) || name.length > 255) throw new CliError(`invalid volume name ${name}`); // emulator wording
      const labels = Object.fromEntries((options.label ?? []).map(parseLabel));
      return withState((state) => {
        if (state.volumes[name]) throw new CliError(`volume '${name}' already exists`);
        createVolumeRecord(state, name, labels, options.size ? parseMemory(options.size) : undefined);
        return { stdout: `${name}\n` };
      });
    }
    case "list":
    case "ls": {
      const spec = optionSpec([
        [["--format"], "format"],
        [["-q", "--quiet"], "quiet", false],
      ]);
      const { options } = parseOptions(args, spec, "volume list");
      const volumes = Object.values(readState().volumes);
      if (options.format === "json") return { stdout: json(volumes) };
      return { stdout: volumes.map((v) => `${v.id}\n`).join("") };
    }
    case "inspect": {
      const { positionals } = parseOptions(args, {}, "volume inspect");
      const volumes = readState().volumes;
      const missing = positionals.filter((n) => !volumes[n]);
      if (missing.length > 0) throw new CliError(`volume '${missing[0]}' not found`); // emulator wording
      return {
        stdout: json(
          positionals.map((n) => volumes[n]),
          true,
        ),
      };
    }
    case "delete":
    case "rm": {
      const spec = optionSpec([[["-a", "--all"], "all", false]]);
      const { options, positionals } = parseOptions(args, spec, "volume delete");
      return withState((state) => {
        const names = options.all ? Object.keys(state.volumes) : positionals;
        const done = [];
        for (const name of names) {
          if (!state.volumes[name])
            throw new CliError(`volume '${name}' not found`, 1, undefined, done.join("")); // emulator wording
          const user = usedBy(state, name);
          if (user) {
            // Any container, running or stopped, keeps its volumes (VolumesService.volumeInUse).
            throw new CliError(
              `volume '${name}' is in use by container ${user.configuration.id}`,
              1,
              undefined,
              done.join(""),
            ); // emulator wording
          }
          delete state.volumes[name];
          done.push(`${name}\n`);
        }
        return { stdout: done.join("") };
      });
    }
    case "prune":
      return withState((state) => {
        const removed = Object.keys(state.volumes).filter((n) => !usedBy(state, n));
        for (const n of removed) delete state.volumes[n];
        return { stdout: removed.map((n) => `${n}\n`).join("") };
      });
    default:
      throw usageError(`Unexpected argument '${sub ?? ""}'`, "volume");
  }
}
