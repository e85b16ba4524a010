// Turns `run`/`create` flags into the stored ContainerConfiguration, validating exactly what
// the reference says the real CLI validates (§1.2). Messages marked "emulator wording" are not
// quoted in the reference; everything else is.
import { existsSync } from "node:fs";
import { CliError, optionSpec, usageError } from "./cli-support.mjs";

const MIB = 1024 * 1024;

export const createOptionSpec = optionSpec([
  [["--name"], "name"],
  [["-d", "--detach"], "detach", false],
  [["--rm", "--remove"], "remove", false],
  [["-l", "--label"], "label", true, true],
  [["-e", "--env"], "env", true, true],
  [["--env-file"], "envFile", true, true],
  [["-p", "--publish"], "publish", true, true],
  [["--publish-socket"], "publishSocket", true, true],
  [["-v", "--volume"], "volume", true, true],
  [["--mount"], "mount", true, true],
  [["--tmpfs"], "tmpfs", true, true],
  [["-c", "--cpus"], "cpus"],
  [["-m", "--memory"], "memory"],
  [["--entrypoint"], "entrypoint"],
  [["-w", "--workdir", "--cwd"], "workdir"],
  [["-u", "--user"], "user"],
  [["--uid"], "uid"],
  [["--gid"], "gid"],
  [["--network"], "network", true, true],
  [["--dns"], "dns", true, true],
  [["--dns-domain"], "dnsDomain"],
  [["--dns-search"], "dnsSearch", true, true],
  [["--dns-option"], "dnsOption", true, true],
  [["--no-dns"], "noDns", false],
  [["--init"], "init", false],
  [["--init-image"], "initImage"],
  [["--read-only"], "readOnly", false],
  [["--cap-add"], "capAdd", true, true],
  [["--cap-drop"], "capDrop", true, true],
  [["--shm-size"], "shmSize"],
  [["--ulimit"], "ulimit", true, true],
  [["--rosetta"], "rosetta", false],
  [["--ssh"], "ssh", false],
  [["--virtualization"], "virtualization", false],
  [["--runtime"], "runtime"],
  [["-k", "--kernel"], "kernel"],
  [["--kernel-arg"], "kernelArg", true, true],
  [["--cidfile"], "cidfile"],
  [["-a", "--arch"], "arch"],
  [["--os"], "os"],
  [["--platform"], "platform"],
  [["-i", "--interactive"], "interactive", false],
  [["-t", "--tty"], "tty", false],
  [["--scheme"], "scheme"],
  [["--max-concurrent-downloads"], "maxDownloads"],
]);

export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export function validateContainerId(id) {
  if (!NAME_PATTERN.test(id) || id.length > 63) {
    throw new CliError(`container ID ${id} is not a valid container ID`);
  }
}

/** "k=v" → [k, v]; "k" → [k, ""]; a value containing "=" or an empty string is rejected. */
export function parseLabel(text) {
  const parts = text.split("=");
  if (text === "" || parts.length > 2 || parts[0] === "") {
    throw new CliError(`invalid label format ${text}`); // emulator wording around the quoted phrase
  }
  return [parts[0], parts[1] ?? ""];
}

/** K/M/G/T/P are binary; a bare number is bytes (reference pitfall 12). */
export function parseMemory(text) {
  const m = /^(\d+)([kmgtp])?(?:i?b)?$/i.exec(text.trim());
  if (!m) throw usageError(`The value '${text}' is invalid for '--memory <memory>'`, "create");
  const power = m[2] ? "kmgtp".indexOf(m[2].toLowerCase()) + 1 : 0;
  return Number(m[1]) * 1024 ** power;
}

export function checkMemory(bytes) {
  const truncated = Math.floor(bytes / MIB) * MIB;
  if (truncated < 200 * MIB) {
    throw new CliError(`minimum memory amount allowed is 200 MiB (got ${bytes} bytes)`);
  }
  return truncated;
}

function parsePortRange(text, spec) {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw new CliError(`invalid publish specification: ${spec}`); // emulator wording
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  if (start <= 1 || end > 65535 || end < start) {
    throw new CliError(`invalid publish port: ${spec}`); // emulator wording
  }
  return { start, count: end - start + 1 };
}

/** `[host-ip:]host-port:container-port[/tcp|udp]`, IPv6 hosts in brackets. */
export function parsePublish(spec) {
  let rest = spec;
  let proto = "tcp";
  const slash = rest.lastIndexOf("/");
  if (slash >= 0) {
    proto = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
    if (proto !== "tcp" && proto !== "udp") throw new CliError(`invalid publish protocol: ${spec}`);
  }
  let hostAddress = "0.0.0.0";
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(rest);
  if (v6) {
    hostAddress = v6[1];
    rest = v6[2];
  }
  const parts = rest.split(":");
  if (!v6 && parts.length === 3) hostAddress = parts.shift();
  if (parts.length !== 2) throw new CliError(`invalid publish specification: ${spec}`);
  const host = parsePortRange(parts[0], spec);
  const container = parsePortRange(parts[1], spec);
  if (host.count !== container.count) throw new CliError(`invalid publish port range: ${spec}`);
  return { hostAddress, hostPort: host.start, containerPort: container.start, proto, count: host.count };
}

export function checkPublishedPorts(ports) {
  if (ports.length > 64) throw new CliError("too many published ports (maximum 64)"); // emulator wording
  for (let i = 0; i < ports.length; i++) {
    for (let j = i + 1; j < ports.length; j++) {
      if (portsOverlap(ports[i], ports[j])) {
        throw new CliError(`overlapping published host ports: ${ports[i].hostPort}`); // emulator wording
      }
    }
  }
}

export function portsOverlap(a, b) {
  const anyAddr = (x) => x.hostAddress === "0.0.0.0" || x.hostAddress === "::";
  const sameAddr = a.hostAddress === b.hostAddress || anyAddr(a) || anyAddr(b);
  return (
    sameAddr && a.proto === b.proto && a.hostPort < b.hostPort + b.count && b.hostPort < a.hostPort + a.count
  );
}

/** `-e K=V` sets, `-e K` inherits from this process's environment or is dropped (pitfall 13). */
export function parseEnv(list = []) {
  const env = [];
  for (const item of list) {
    const eq = item.indexOf("=");
    if (eq >= 0) env.push(item);
    else if (process.env[item] !== undefined) env.push(`${item}=${process.env[item]}`);
  }
  return env;
}

export function parseUser(text) {
  if (text === undefined) return { id: { gid: 0, uid: 0 } };
  const m = /^(\d+)(?::(\d+))?$/.exec(text);
  if (m) return { id: { gid: Number(m[2] ?? 0), uid: Number(m[1]) } };
  return { raw: { userString: text } };
}

/**
 * `-v` forms: "/ctr" anonymous volume, "name:/ctr[:opts]" named volume (auto-created with a
 * warning), "/host:/ctr[:opts]" or "./rel:/ctr" a virtiofs bind whose source must exist.
 */
export function parseVolumeFlag(text) {
  const parts = text.split(":");
  if (parts.length === 1) return { kind: "anonymous", destination: parts[0], options: [] };
  const [source, destination, opts] = parts;
  const options = opts ? opts.split(",") : [];
  if (source.startsWith("/") || source.startsWith(".")) {
    if (!existsSync(source)) throw new CliError(`path '${source}' does not exist`); // emulator wording
    return { kind: "bind", source, destination, options };
  }
  return { kind: "volume", name: source, destination, options };
}

/** `--mount type=..,source=..,target=..[,readonly]` */
export function parseMount(text) {
  const fields = {};
  const options = [];
  for (const part of text.split(",")) {
    const [k, v] = part.split("=");
    if (k === "readonly" || k === "ro") options.push("ro");
    else fields[k] = v;
  }
  const destination = fields.target ?? fields.dst ?? fields.destination;
  const source = fields.source ?? fields.src ?? "";
  if (!fields.type || !destination) throw new CliError(`invalid mount specification: ${text}`);
  return { type: fields.type, source, destination, options };
}
