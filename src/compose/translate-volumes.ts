import path from "node:path";
import { unsafeBindReason } from "../manifest/bind-safety.js";
import { DiagnosticCode } from "../manifest/diagnostics.js";
import { childPath, indexPath, type LMap, type LNode } from "../manifest/located.js";
import { map, scalar, seq, textOf } from "./nodes.js";
import type { ServiceContext } from "./translate-service.js";

/**
 * Compose volumes/tmpfs → native long-form mounts. Binds resolve against the project directory;
 * binds the native manifest refuses are allowed from Compose with a warning naming the risk.
 */
export function translateVolumes(
  v: LNode,
  p: string,
  ctx: ServiceContext,
): { node: ReturnType<typeof seq>; unsafe: boolean } {
  const out = seq(v.pos);
  let unsafe = false;
  if (v.kind !== "seq") {
    ctx.sink.error(v.pos, p, DiagnosticCode.wrongType, "expected a list of volumes");
    return { node: out, unsafe };
  }
  v.items.forEach((item, i) => {
    const ip = indexPath(p, i);
    let type: string;
    let source: string | undefined;
    let target: string;
    let readOnly = false;
    let options: { key: string; value: LNode } | undefined;
    if (item.kind === "map") {
      const get = (k: string) => {
        const n = item.entries.find((x) => x.key === k)?.value;
        return n && textOf(n);
      };
      for (const x of item.entries) {
        if (x.key === "bind" || x.key === "volume" || x.key === "tmpfs") {
          options = { key: x.key, value: mountOptions(x.value, childPath(ip, x.key), ctx) };
        } else if (!["type", "source", "target", "read_only"].includes(x.key)) {
          ctx.sink.error(
            x.keyPos,
            childPath(ip, x.key),
            DiagnosticCode.notSupportedYet,
            `volume option \`${x.key}\` is not supported yet`,
            "remove it",
          );
        }
      }
      type = get("type") ?? "volume";
      source = get("source") ?? "";
      target = get("target") ?? "";
      readOnly = get("read_only") === "true";
    } else {
      const parts = (textOf(item) ?? "").split(":");
      if (parts.length === 1) [target = ""] = parts;
      else [source = "", target = ""] = parts;
      source ??= "";
      type =
        source === "" || !(source.startsWith(".") || source.startsWith("/") || source.startsWith("~"))
          ? "volume"
          : "bind";
      const modes = (parts[2] ?? "").split(",").filter((m) => m !== "");
      for (const mode of modes) {
        if (mode === "ro" || mode === "rw") readOnly = mode === "ro";
        else if ((mode === "z" || mode === "Z") && type === "bind")
          options = {
            key: "bind",
            value: map(item.pos, [{ key: "selinux", keyPos: item.pos, value: scalar(mode, item.pos) }]),
          };
        else if (mode === "nocopy" && type === "volume")
          options = {
            key: "volume",
            value: map(item.pos, [{ key: "nocopy", keyPos: item.pos, value: scalar(true, item.pos) }]),
          };
        else
          ctx.sink.error(
            item.pos,
            ip,
            DiagnosticCode.notSupportedYet,
            `volume mode \`${mode}\` is not supported`,
            "use ro, rw, z, Z (binds) or nocopy (volumes)",
          );
      }
    }
    if (type === "bind") {
      const resolved = path.resolve(ctx.projectDir, source);
      const reason = unsafeBindReason(source, resolved, ctx.projectDir);
      if (reason !== undefined) {
        unsafe = true;
        ctx.sink.warn(
          item.pos,
          ip,
          DiagnosticCode.unsafeBind,
          `unsafe bind allowed because it comes from a Compose file: ${reason}`,
          "the container can take over the host through it; remove it unless you mean that",
        );
      }
      source = resolved;
    }
    if (type === "tmpfs") source = "";
    const entries = [
      { key: "type", value: scalar(type, item.pos) },
      ...(type === "tmpfs" || source === "" ? [] : [{ key: "source", value: scalar(source, item.pos) }]),
      { key: "target", value: scalar(target, item.pos) },
      { key: "readOnly", value: scalar(readOnly, item.pos) },
      ...(options ? [options] : []),
    ];
    out.items.push(
      map(
        item.pos,
        entries.map((x) => ({ ...x, keyPos: item.pos })),
      ),
    );
  });
  return { node: out, unsafe };
}

export function translateTmpfs(
  v: LNode,
  p: string,
  ctx: ServiceContext,
): { node: ReturnType<typeof seq>; unsafe: boolean } {
  const items = v.kind === "seq" ? v.items : [v];
  const out = seq(v.pos);
  items.forEach((item, i) => {
    const text = textOf(item);
    if (text === undefined || text.includes(":")) {
      ctx.sink.error(
        item.pos,
        indexPath(p, i),
        DiagnosticCode.notSupportedYet,
        "tmpfs options are not supported yet",
        "write only the path",
      );
      return;
    }
    out.items.push(
      map(item.pos, [
        { key: "type", keyPos: item.pos, value: scalar("tmpfs", item.pos) },
        { key: "target", keyPos: item.pos, value: scalar(text, item.pos) },
      ]),
    );
  });
  return { node: out, unsafe: false };
}

const OPTION_NAMES: Record<string, string> = {
  create_host_path: "createHostPath",
  propagation: "propagation",
  selinux: "selinux",
  nocopy: "nocopy",
  subpath: "subpath",
  size: "size",
  mode: "mode",
};

/** bind/volume/tmpfs option maps → native names; what has no native name is refused at its key. */
function mountOptions(v: LNode, p: string, ctx: ServiceContext): LMap {
  const out = map(v.pos);
  for (const x of v.kind === "map" ? v.entries : []) {
    const native = OPTION_NAMES[x.key];
    if (native !== undefined) out.entries.push({ key: native, keyPos: x.keyPos, value: x.value });
    else
      ctx.sink.error(
        x.keyPos,
        childPath(p, x.key),
        DiagnosticCode.notSupportedYet,
        `mount option \`${x.key}\` is not supported`,
        "remove it",
      );
  }
  return out;
}
