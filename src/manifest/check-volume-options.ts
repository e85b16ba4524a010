/**
 * Per-mount options (bind: createHostPath/propagation/selinux, volume: nocopy/subpath, tmpfs:
 * size/mode) and a declared volume's engine fields (driver, driverOpts, external, name).
 * Defaults are omitted so existing spec hashes stay the same.
 */
import type { VolumeMount, VolumeSpec } from "../core/index.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import { BIND_OPTION_KEYS, TMPFS_OPTION_KEYS, VOLUME_OPTION_KEYS } from "./known-keys.js";
import { childPath } from "./located.js";
import { expectMap, MapReader, readStringish } from "./map-reader.js";

const PROPAGATION = ["rprivate", "private", "rshared", "shared", "rslave", "slave"] as const;
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;

type MountOptions = Pick<VolumeMount, "bind" | "volume" | "tmpfs">;

/** The option map that matches the mount's type; another type's map is an error at its key. */
export function checkMountOptions(
  sink: DiagnosticSink,
  fields: MapReader,
  type: VolumeMount["type"],
): MountOptions | undefined {
  let ok = true;
  for (const other of ["bind", "volume", "tmpfs"] as const) {
    const e = fields.entry(other);
    if (e === undefined || other === type) continue;
    sink.error(
      e.keyPos,
      fields.at(other),
      DiagnosticCode.invalidVolume,
      `\`${other}\` options on a ${type} mount`,
      `use \`${type}:\` options, or type: ${other}`,
    );
    ok = false;
  }
  if (!ok) return undefined;
  const node = fields.value(type);
  if (node === undefined) return {};
  const map = expectMap(sink, node, fields.at(type), `a map of ${type} options`);
  if (map === undefined) return undefined;
  if (type === "bind") {
    const o = new MapReader(sink, map, fields.at("bind"), BIND_OPTION_KEYS);
    const propagation = o.oneOf("propagation", PROPAGATION);
    const selinux = o.oneOf("selinux", ["z", "Z"] as const);
    return {
      bind: {
        createHostPath: o.bool("createHostPath") ?? true,
        ...(propagation !== undefined && { propagation }),
        ...(selinux !== undefined && { selinux }),
      },
    };
  }
  if (type === "volume") {
    const o = new MapReader(sink, map, fields.at("volume"), VOLUME_OPTION_KEYS);
    const subpath = o.string("subpath");
    if (subpath?.startsWith("/") || subpath?.split("/").includes("..")) {
      sink.error(
        o.value("subpath")!.pos,
        o.at("subpath"),
        DiagnosticCode.invalidVolume,
        `subpath "${subpath}" must stay inside the volume`,
      );
      return undefined;
    }
    return { volume: { nocopy: o.bool("nocopy") ?? false, ...(subpath !== undefined && { subpath }) } };
  }
  const o = new MapReader(sink, map, fields.at("tmpfs"), TMPFS_OPTION_KEYS);
  const sizeBytes = o.size("size");
  const modeNode = o.value("mode");
  const modeText = modeNode === undefined ? undefined : readStringish(sink, modeNode, o.at("mode"));
  if (modeText !== undefined && !/^0?[0-7]{3,4}$/.test(modeText)) {
    sink.error(
      modeNode!.pos,
      o.at("mode"),
      DiagnosticCode.invalidVolume,
      `invalid mode "${modeText}"`,
      'octal, e.g. "1777"',
    );
    return undefined;
  }
  return {
    tmpfs: {
      ...(sizeBytes !== undefined && { sizeBytes }),
      ...(modeText !== undefined && { mode: Number.parseInt(modeText, 8) }),
    },
  };
}

export function checkVolumeEngineFields(sink: DiagnosticSink, fields: MapReader, spec: VolumeSpec): void {
  const name = fields.string("name");
  if (name !== undefined) {
    if (NAME.test(name)) spec.runtimeName = name;
    else
      sink.error(
        fields.value("name")!.pos,
        fields.at("name"),
        DiagnosticCode.invalidName,
        `invalid volume name "${name}"`,
      );
  }
  if (fields.bool("external") === true) {
    spec.external = true;
    spec.runtimeName ??= spec.name;
    for (const k of ["driver", "driverOpts", "labels", "reclaimPolicy"]) {
      const e = fields.entry(k);
      if (e !== undefined)
        sink.error(
          e.keyPos,
          fields.at(k),
          DiagnosticCode.invalidVolume,
          `an external volume takes no \`${k}\``,
          "it is used as it exists, never created, changed or removed",
        );
    }
    return;
  }
  const driver = fields.string("driver");
  if (driver !== undefined) spec.driver = driver;
  const opts = fields.value("driverOpts");
  if (opts === undefined) return;
  const map = expectMap(sink, opts, fields.at("driverOpts"), "a map of option → value");
  const out: Record<string, string> = {};
  for (const e of map?.entries ?? []) {
    const v = readStringish(sink, e.value, childPath(fields.at("driverOpts"), e.key));
    if (v !== undefined) out[e.key] = v;
  }
  if (Object.keys(out).length > 0) spec.driverOpts = out;
}
