/**
 * Compose keys with a native equivalent of another shape: build, service networks, top-level
 * networks and volumes, secrets/configs (service refs + top-level sources), healthcheck (the
 * engine's HEALTHCHECK). Anything Compose has that Hostwright cannot honour is refused at its key.
 */
import type { DiagnosticSink } from "../manifest/diagnostic-sink.js";
import { DiagnosticCode } from "../manifest/diagnostics.js";
import { childPath, indexPath, type LEntry, type LMap, type LNode } from "../manifest/located.js";
import { map, put, scalar, seq, textOf } from "./nodes.js";

const get = (m: LNode | undefined, k: string): LEntry | undefined =>
  m?.kind === "map" ? m.entries.find((e) => e.key === k) : undefined;

function refuse(sink: DiagnosticSink, e: LEntry, at: string, what: string, hint = "remove it"): void {
  sink.error(e.keyPos, at, DiagnosticCode.notSupportedYet, `${what} is not supported`, hint);
}

/** `[K=V, ...]` or a map → a map of strings (numbers kept as written). */
export function kvMap(v: LNode): LMap {
  const out = map(v.pos);
  if (v.kind === "map") {
    for (const e of v.entries) put(out, e.key, scalar(textOf(e.value) ?? "", e.value.pos), e.keyPos);
  } else if (v.kind === "seq") {
    for (const item of v.items) {
      const text = textOf(item) ?? "";
      const eq = text.indexOf("=");
      put(
        out,
        eq === -1 ? text : text.slice(0, eq),
        scalar(eq === -1 ? "" : text.slice(eq + 1), item.pos),
        item.pos,
      );
    }
  }
  return out;
}

/** Copies the keys in `names` (Compose → native name); refuses every other key at its line. */
function rename(
  sink: DiagnosticSink,
  v: LNode,
  at: string,
  names: Record<string, string>,
  what: string,
): LMap {
  const out = map(v.pos);
  for (const e of v.kind === "map" ? v.entries : []) {
    if (e.key.startsWith("x-")) continue;
    const native = names[e.key];
    if (native === undefined) refuse(sink, e, childPath(at, e.key), `${what} \`${e.key}\``);
    else
      put(
        out,
        native,
        e.key === "labels" || e.key.endsWith("args") || e.key.endsWith("_opts") ? kvMap(e.value) : e.value,
        e.keyPos,
      );
  }
  return out;
}

export function translateBuild(v: LNode, at: string, sink: DiagnosticSink): LNode {
  if (v.kind !== "map") return v;
  return rename(
    sink,
    v,
    at,
    { context: "context", dockerfile: "dockerfile", target: "target", args: "args", labels: "labels" },
    "build option",
  );
}

export function translateServiceNetworks(v: LNode, at: string, sink: DiagnosticSink): LNode {
  if (v.kind !== "map") return v;
  const out = map(v.pos);
  for (const e of v.entries) {
    const value =
      e.value.kind === "map"
        ? rename(
            sink,
            e.value,
            childPath(at, e.key),
            { aliases: "aliases", ipv4_address: "ipv4Address" },
            "network option",
          )
        : e.value;
    put(out, e.key, value, e.keyPos);
  }
  return out;
}

const NETWORK_NAMES = {
  driver: "driver",
  driver_opts: "driverOpts",
  external: "external",
  name: "name",
  labels: "labels",
  internal: "internal",
  attachable: "attachable",
  enable_ipv6: "enableIpv6",
  ipam: "ipam",
};

export function translateTopNetworks(v: LNode, sink: DiagnosticSink): LMap {
  const out = map(v.pos);
  for (const e of v.kind === "map" ? v.entries : []) {
    const at = childPath("networks", e.key);
    if (e.value.kind !== "map") {
      put(out, e.key, map(e.value.pos), e.keyPos);
      continue;
    }
    const n = rename(sink, e.value, at, NETWORK_NAMES, "network option");
    legacyExternal(n);
    const ipam = get(n, "ipam");
    if (ipam !== undefined && ipam.value.kind === "map") {
      const i = rename(
        sink,
        ipam.value,
        childPath(at, "ipam"),
        { driver: "driver", config: "config" },
        "ipam option",
      );
      const config = get(i, "config");
      if (config?.value.kind === "seq") {
        const items = config.value.items.map((c, k) =>
          rename(
            sink,
            c,
            indexPath(childPath(at, "ipam.config"), k),
            { subnet: "subnet", gateway: "gateway", ip_range: "ipRange" },
            "ipam config option",
          ),
        );
        put(i, "config", seq(config.value.pos, items), config.keyPos);
      }
      put(n, "ipam", i, ipam.keyPos);
    }
    put(out, e.key, n, e.keyPos);
  }
  return out;
}

/** Compose's old `external: {name: x}` → `external: true, name: x`. */
function legacyExternal(m: LMap): void {
  const ext = get(m, "external");
  if (ext?.value.kind !== "map") return;
  const name = get(ext.value, "name");
  put(m, "external", scalar(true, ext.value.pos), ext.keyPos);
  if (name !== undefined) put(m, "name", name.value, name.keyPos);
}

export function translateTopVolumes(v: LNode, sink: DiagnosticSink): LMap {
  const out = map(v.pos);
  for (const e of v.kind === "map" ? v.entries : []) {
    const names = {
      driver: "driver",
      driver_opts: "driverOpts",
      external: "external",
      name: "name",
      labels: "labels",
    };
    const vol =
      e.value.kind === "map"
        ? rename(sink, e.value, childPath("volumes", e.key), names, "volume option")
        : map(e.value.pos);
    legacyExternal(vol);
    put(out, e.key, vol, e.keyPos);
  }
  return out;
}

/**
 * A service's `secrets:`/`configs:` (names or {source, target, uid, gid, mode}) joined with the
 * top-level definitions (file, environment, content) → the native per-service map.
 */
export function translateFileRefs(
  kind: "secrets" | "configs",
  v: LNode,
  at: string,
  top: LNode | undefined,
  sink: DiagnosticSink,
): LMap {
  const out = map(v.pos);
  const items = v.kind === "seq" ? v.items : [];
  if (v.kind !== "seq") sink.error(v.pos, at, DiagnosticCode.wrongType, `expected a list of ${kind}`);
  items.forEach((item, i) => {
    const ip = indexPath(at, i);
    const sourceNode = item.kind === "map" ? get(item, "source")?.value : item;
    const source = sourceNode && textOf(sourceNode);
    if (source === undefined) {
      sink.error(
        item.pos,
        ip,
        DiagnosticCode.missingKey,
        `a ${kind.slice(0, -1)} reference needs \`source\``,
      );
      return;
    }
    const def = get(top, source);
    if (def === undefined) {
      sink.error(
        item.pos,
        ip,
        DiagnosticCode.invalidValue,
        `${kind.slice(0, -1)} "${source}" is not defined in top-level ${kind}`,
        `add ${kind}: {${source}: {file: ./${source}.txt}}`,
      );
      return;
    }
    const entry = map(item.pos);
    for (const d of def.value.kind === "map" ? def.value.entries : []) {
      const dp = childPath(childPath(kind, source), d.key);
      if (d.key === "file") put(entry, "file", d.value, d.keyPos);
      else if (d.key === "environment") put(entry, "env", d.value, d.keyPos);
      else if (d.key === "content" && kind === "configs") put(entry, "content", d.value, d.keyPos);
      else if (d.key === "name")
        continue; // the engine-side name of a Swarm secret: no meaning here
      else if (!d.key.startsWith("x-"))
        refuse(
          sink,
          d,
          dp,
          `${kind.slice(0, -1)} \`${d.key}\``,
          "use file, environment" + (kind === "configs" ? " or content" : ""),
        );
    }
    if (item.kind === "map") {
      for (const x of item.entries) {
        if (x.key === "source") continue;
        if (x.key === "target") {
          const t = textOf(x.value) ?? "";
          const abs = t.startsWith("/") ? t : kind === "secrets" ? `/run/secrets/${t}` : `/${t}`;
          put(entry, "target", scalar(abs, x.value.pos), x.keyPos);
        } else if (x.key === "uid" || x.key === "gid" || x.key === "mode")
          put(entry, x.key, x.value, x.keyPos);
        else refuse(sink, x, childPath(ip, x.key), `${kind.slice(0, -1)} option \`${x.key}\``);
      }
    }
    put(out, source, entry, item.pos);
  });
  return out;
}

/** healthcheck → the engine's HEALTHCHECK (Docker semantics); `disable`/NONE → none. */
export function translateHealthcheck(v: LNode, at: string, sink: DiagnosticSink): LNode | undefined {
  if (v.kind !== "map") {
    sink.error(v.pos, at, DiagnosticCode.wrongType, "expected a map");
    return undefined;
  }
  const disable = get(v, "disable");
  const test = get(v, "test");
  const words =
    test && (test.value.kind === "seq" ? test.value.items.map((i) => textOf(i) ?? "") : undefined);
  if ((disable && textOf(disable.value) === "true") || words?.[0] === "NONE")
    return scalar("none", (disable ?? test)?.value.pos ?? v.pos);
  if (test === undefined) {
    sink.error(
      v.pos,
      at,
      DiagnosticCode.notSupportedYet,
      "a healthcheck without `test` (tuning the image's own) is not supported",
      "write the image's test here too",
    );
    return undefined;
  }
  if (words !== undefined && words[0] !== "CMD" && words[0] !== "CMD-SHELL") {
    sink.error(
      test.value.pos,
      childPath(at, "test"),
      DiagnosticCode.invalidProbe,
      "test must start with CMD, CMD-SHELL or NONE",
    );
    return undefined;
  }
  const names = {
    test: "test",
    interval: "interval",
    timeout: "timeout",
    retries: "retries",
    start_period: "startPeriod",
    start_interval: "startInterval",
    disable: "disable",
  };
  const out = rename(sink, v, at, names, "healthcheck option");
  out.entries = out.entries.filter((e) => e.key !== "disable");
  if (words?.[0] === "CMD-SHELL") {
    const pos = test.value.pos;
    put(
      out,
      "test",
      seq(pos, [scalar("CMD-SHELL", pos), scalar(words.slice(1).join(" "), pos)]),
      test.keyPos,
    );
  }
  return out;
}
