import path from "node:path";
import { unsafeBindReason } from "../manifest/bind-safety.js";
import { DiagnosticCode } from "../manifest/diagnostics.js";
import { childPath, indexPath, type LNode } from "../manifest/located.js";
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
    let source: string;
    let target: string;
    let readOnly = false;
    if (item.kind === "map") {
      const get = (k: string) => {
        const n = item.entries.find((x) => x.key === k)?.value;
        return n && textOf(n);
      };
      for (const x of item.entries) {
        if (!["type", "source", "target", "read_only"].includes(x.key)) {
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
      if (parts.length === 1) {
        ctx.sink.error(
          item.pos,
          ip,
          DiagnosticCode.notSupportedYet,
          "anonymous volumes are not supported yet",
          "name the volume: data:/path",
        );
        return;
      }
      [source = "", target = ""] = parts;
      const mode = parts[2] ?? "";
      if (mode !== "" && mode !== "ro" && mode !== "rw") {
        ctx.sink.error(
          item.pos,
          ip,
          DiagnosticCode.notSupportedYet,
          `volume mode \`${mode}\` is not supported yet`,
          "use ro or rw",
        );
      }
      readOnly = mode === "ro";
      type = source.startsWith(".") || source.startsWith("/") || source.startsWith("~") ? "bind" : "volume";
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
      ...(type === "tmpfs" ? [] : [{ key: "source", value: scalar(source, item.pos) }]),
      { key: "target", value: scalar(target, item.pos) },
      { key: "readOnly", value: scalar(readOnly, item.pos) },
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
