// `container network` (reference §1.4, JSON §2.6; macOS 26 only). The builtin `default`
// network always exists. Texts the reference does not quote are marked "emulator wording".
import { CliError, optionSpec, parseOptions, usageError } from "./cli-support.mjs";
import { parseLabel } from "./create-flags.mjs";
import { readState, withState } from "./state-store.mjs";
import { encodeSwiftJson } from "./swift-json.mjs";

const NETWORK_NAME = /^[a-z0-9](?:[a-z0-9._-]{0,61}[a-z0-9])?$/;
const LABEL_KEY = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(\/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)?$/;

function defaultNetwork() {
  return record(
    "default",
    "192.168.64",
    { "com.apple.container.resource.role": "builtin" },
    "2026-01-01T00:00:00Z",
  );
}

function record(name, prefix, labels, creationDate) {
  return {
    id: name,
    prefix,
    configuration: {
      name,
      creationDate,
      mode: "nat",
      labels,
      plugin: "container-network-vmnet",
      options: {},
    },
    status: { ipv4Subnet: `${prefix}.0/24`, ipv4Gateway: `${prefix}.1` },
  };
}

function allNetworks(state) {
  return { default: defaultNetwork(), ...state.networks };
}

export function networkPrefix(state, name) {
  return allNetworks(state)[name]?.prefix ?? "192.168.64";
}

const printable = ({ prefix: _internal, ...rest }) => rest;

export function networkCommand(argv) {
  const [sub, ...args] = argv;
  switch (sub) {
    case "create": {
      const spec = optionSpec([
        [["--label"], "label", true, true],
        [["--option"], "option", true, true],
        [["--internal"], "internal", false],
        [["--plugin"], "plugin"],
        [["--subnet"], "subnet"],
        [["--subnet-v6"], "subnetV6"],
      ]);
      const { options, positionals } = parseOptions(args, spec, "network create");
      const name = positionals[0];
      if (name === undefined) throw usageError("Missing expected argument '<name>'", "network create");
      if (!NETWORK_NAME.test(name)) throw new CliError(`invalid network name ${name}`); // emulator wording
      const labels = Object.fromEntries((options.label ?? []).map(parseLabel));
      for (const key of Object.keys(labels)) {
        if (!LABEL_KEY.test(key)) throw new CliError(`invalid label key ${key}`); // emulator wording
      }
      return withState((state) => {
        if (allNetworks(state)[name]) throw new CliError(`network ${name} already exists`);
        const prefix = `192.168.${65 + Object.keys(state.networks).length}`;
        state.networks[name] = record(
          name,
          prefix,
          labels,
          new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
        );
        return { stdout: `${name}\n` };
      });
    }
    case "list":
    case "ls": {
      const spec = optionSpec([
        [["--format"], "format"],
        [["-q", "--quiet"], "quiet", false],
      ]);
      const { options } = parseOptions(args, spec, "network list");
      const nets = Object.values(allNetworks(readState())).map(printable);
      if (options.format === "json") return { stdout: `${encodeSwiftJson(nets)}\n` };
      return { stdout: nets.map((n) => `${n.id}\n`).join("") };
    }
    case "delete":
    case "rm": {
      const spec = optionSpec([[["-a", "--all"], "all", false]]);
      const { options, positionals } = parseOptions(args, spec, "network delete");
      return withState((state) => {
        const names = options.all ? Object.keys(state.networks) : positionals;
        const failed = names.filter(
          (n) =>
            !state.networks[n] ||
            Object.values(state.containers).some((c) =>
              c.configuration.networks.some((a) => a.network === n),
            ),
        );
        // The reason (builtin, in use, missing) is only logged; the error names the networks.
        if (failed.length > 0)
          throw new CliError(
            `delete failed for one or more networks: [${failed.map((n) => `"${n}"`).join(", ")}]`,
          );
        for (const n of names) delete state.networks[n];
        return { stdout: names.map((n) => `${n}\n`).join("") };
      });
    }
    default:
      throw usageError(`Unexpected argument '${sub ?? ""}'`, "network");
  }
}
