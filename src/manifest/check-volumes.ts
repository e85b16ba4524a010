import nodePath from "node:path";
import type { VolumeMount, VolumeSpec } from "../core/index.js";
import { unsafeBindReason } from "./bind-safety.js";
import { checkLabels } from "./check-env.js";
import { checkMountOptions, checkVolumeEngineFields } from "./check-volume-options.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode, type Pos } from "./diagnostics.js";
import { didYouMean } from "./did-you-mean.js";
import type { Located, ServiceContext } from "./drafts.js";
import { MOUNT_FOREIGN, VOLUME_FOREIGN } from "./foreign-keys.js";
import { MOUNT_KEYS, VOLUME_KEYS } from "./known-keys.js";
import { childPath, describeNode, indexPath, isNull, type LNode } from "./located.js";
import { expectMap, expectSeq, MapReader } from "./map-reader.js";

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;
const SHORT_SYNTAX_HINT =
  'write "name:/path", "/host/path:/path:ro", "./dir:/path" or {type, source, target}';

/** Top-level `volumes:`: name → {labels, reclaimPolicy}; `name:` alone means defaults. */
export function checkDeclaredVolumes(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
): Record<string, VolumeSpec> {
  const out: Record<string, VolumeSpec> = {};
  if (isNull(node)) return out;
  const map = expectMap(sink, node, path);
  if (map === undefined) return out;
  for (const entry of map.entries) {
    const volumePath = childPath(path, entry.key);
    if (!VOLUME_NAME.test(entry.key)) {
      sink.error(
        entry.keyPos,
        volumePath,
        DiagnosticCode.invalidName,
        `invalid volume name "${entry.key}"`,
        "use letters, digits, `_`, `.` and `-`, starting with a letter or digit",
      );
    }
    const spec: VolumeSpec = { name: entry.key, labels: {}, reclaimPolicy: "retain" };
    out[entry.key] = spec;
    if (isNull(entry.value)) continue;
    const volumeMap = expectMap(sink, entry.value, volumePath);
    if (volumeMap === undefined) continue;
    const fields = new MapReader(sink, volumeMap, volumePath, VOLUME_KEYS, VOLUME_FOREIGN);
    const labels = fields.value("labels");
    if (labels !== undefined) spec.labels = checkLabels(sink, labels, fields.at("labels"));
    spec.reclaimPolicy = fields.oneOf("reclaimPolicy", ["retain", "delete"] as const) ?? "retain";
    checkVolumeEngineFields(sink, fields, spec);
  }
  return out;
}

/** A service's `volumes:` list. */
export function checkMounts(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
  ctx: ServiceContext,
  allowUnsafeBind: boolean,
): Located<VolumeMount>[] {
  if (isNull(node)) return [];
  const seq = expectSeq(sink, node, path);
  if (seq === undefined) return [];
  const out: Located<VolumeMount>[] = [];
  seq.items.forEach((item, i) => {
    const itemPath = indexPath(path, i);
    const mount = checkMount(sink, item, itemPath, ctx, allowUnsafeBind);
    if (mount === undefined) return;
    const clash = out.find((m) => m.value.target === mount.target);
    if (clash !== undefined) {
      sink.error(
        item.pos,
        itemPath,
        DiagnosticCode.invalidVolume,
        `${mount.target} is already mounted by ${clash.path}`,
      );
      return;
    }
    out.push({ value: mount, pos: item.pos, path: itemPath });
  });
  return out;
}

function checkMount(
  sink: DiagnosticSink,
  node: LNode,
  path: string,
  ctx: ServiceContext,
  allowUnsafeBind: boolean,
): VolumeMount | undefined {
  if (node.kind === "scalar" && typeof node.value === "string") {
    const parts = node.value.split(":");
    const [source, target, mode] = parts;
    if (parts.length < 2 || parts.length > 3 || !source || !target) {
      if (parts.length === 1 && node.value.startsWith("/")) {
        // Anonymous: the runtime creates a fresh volume per container (Compose's `- /data`).
        return finishMount(sink, node.pos, path, ctx, allowUnsafeBind, {
          type: "volume",
          source: "",
          target: node.value,
          readOnly: false,
        });
      }
      const message = `cannot read volume "${node.value}"`;
      sink.error(node.pos, path, DiagnosticCode.invalidVolume, message, SHORT_SYNTAX_HINT);
      return undefined;
    }
    if (mode !== undefined && mode !== "ro" && mode !== "rw") {
      sink.error(
        node.pos,
        path,
        DiagnosticCode.invalidVolume,
        `unsupported mount option "${mode}"`,
        "use ro or rw",
      );
      return undefined;
    }
    const isBind = source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
    return finishMount(sink, node.pos, path, ctx, allowUnsafeBind, {
      type: isBind ? "bind" : "volume",
      source,
      target,
      readOnly: mode === "ro",
    });
  }
  if (node.kind !== "map") {
    sink.error(
      node.pos,
      path,
      DiagnosticCode.wrongType,
      `expected a volume string or map, got ${describeNode(node)}`,
      SHORT_SYNTAX_HINT,
    );
    return undefined;
  }
  const fields = new MapReader(sink, node, path, MOUNT_KEYS, MOUNT_FOREIGN);
  const typeEntry = fields.require("type", "type: volume | bind | tmpfs");
  const type = typeEntry && fields.oneOf("type", ["volume", "bind", "tmpfs"] as const);
  const targetEntry = fields.require("target");
  const target = targetEntry && fields.string("target");
  const sourceEntry = fields.entry("source");
  let source: string | undefined = "";
  if (type === "tmpfs" && sourceEntry !== undefined) {
    sink.error(
      sourceEntry.keyPos,
      fields.at("source"),
      DiagnosticCode.invalidVolume,
      "a tmpfs mount has no source",
    );
    source = undefined;
  } else if (type === "volume" && sourceEntry === undefined) {
    source = ""; // anonymous
  } else if (type !== undefined && type !== "tmpfs") {
    source = fields.require("source") && fields.string("source");
  }
  const readOnly = fields.bool("readOnly") ?? false;
  if (type === undefined || target === undefined || source === undefined) return undefined;
  const options = checkMountOptions(sink, fields, type);
  if (options === undefined) return undefined;
  return finishMount(sink, node.pos, path, ctx, allowUnsafeBind, {
    type,
    source,
    target,
    readOnly,
    ...options,
  });
}

/** Target and source rules shared by both syntaxes; resolves bind sources to absolute paths. */
function finishMount(
  sink: DiagnosticSink,
  pos: Pos,
  path: string,
  ctx: ServiceContext,
  allowUnsafeBind: boolean,
  mount: VolumeMount,
): VolumeMount | undefined {
  let ok = true;
  if (!mount.target.startsWith("/")) {
    sink.error(pos, path, DiagnosticCode.invalidVolume, `target "${mount.target}" must be an absolute path`);
    ok = false;
  }
  const target = nodePath.posix.normalize(mount.target);
  if (mount.type === "volume" && mount.source !== "" && !ctx.declaredVolumes.has(mount.source)) {
    const known = [...ctx.declaredVolumes];
    const suggestion = didYouMean(mount.source, known);
    const hint = suggestion ?? `declare it at the top level: volumes: {${mount.source}: {}}`;
    sink.error(
      pos,
      path,
      DiagnosticCode.undeclaredVolume,
      `volume "${mount.source}" is not declared in top-level volumes`,
      hint,
    );
    ok = false;
  }
  if (mount.type !== "bind") return ok ? { ...mount, target } : undefined;
  if (mount.source.startsWith("~")) {
    sink.error(
      pos,
      path,
      DiagnosticCode.invalidVolume,
      `"${mount.source}": ~ is not expanded`,
      "write an absolute path or one relative to the manifest (./dir)",
    );
    return undefined;
  }
  const resolved = nodePath.resolve(ctx.manifestDir, mount.source);
  const reason = unsafeBindReason(mount.source, resolved, ctx.manifestDir);
  if (reason !== undefined && !allowUnsafeBind) {
    sink.error(
      pos,
      path,
      DiagnosticCode.unsafeBind,
      `unsafe bind mount: ${reason}`,
      "set `allowUnsafeBind: true` on the service if you really mean it",
    );
    ok = false;
  }
  return ok ? { ...mount, source: resolved, target } : undefined;
}
