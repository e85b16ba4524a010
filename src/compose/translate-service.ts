import path from "node:path";
import type { DiagnosticSink } from "../manifest/diagnostic-sink.js";
import { DiagnosticCode } from "../manifest/diagnostics.js";
import { didYouMean } from "../manifest/did-you-mean.js";
import { childPath, indexPath, type LEntry, type LMap, type LNode } from "../manifest/located.js";
import { shellSplit } from "../manifest/shell-split.js";
import { MAPPED_SERVICE_KEYS, REFUSED_SERVICE_KEYS, RENAMED_SERVICE_KEYS } from "./compose-keys.js";
import { map, put, scalar, seq, textOf } from "./nodes.js";
import { translateDeploy, translateHealthcheck } from "./translate-deploy.js";
import { translatePorts } from "./translate-ports.js";
import { translateTmpfs, translateVolumes } from "./translate-volumes.js";

export interface ServiceContext {
  sink: DiagnosticSink;
  projectDir: string;
  env: Record<string, string | undefined>;
  readEnvFile: (file: string) => Record<string, string> | undefined;
}

const KNOWN = [
  ...MAPPED_SERVICE_KEYS,
  ...Object.keys(RENAMED_SERVICE_KEYS),
  ...Object.keys(REFUSED_SERVICE_KEYS),
];

/** One Compose service → one native service node, positions kept; every refusal at its key. */
export function translateService(entry: LEntry, ctx: ServiceContext): LMap | undefined {
  const { sink } = ctx;
  const at = childPath("services", entry.key);
  if (entry.value.kind !== "map") {
    sink.error(entry.value.pos, at, DiagnosticCode.wrongType, "expected a map");
    return undefined;
  }
  const out = map(entry.value.pos);
  let unsafe = false;
  for (const e of entry.value.entries) {
    const p = childPath(at, e.key);
    const v = e.value;
    if (e.key.startsWith("x-")) {
      if (e.key === "x-hostwright") translateExtension(out, e, p, ctx);
      continue;
    }
    const refused = REFUSED_SERVICE_KEYS[e.key];
    if (refused !== undefined) {
      sink.error(
        e.keyPos,
        p,
        DiagnosticCode.notSupportedYet,
        `\`${e.key}\`: ${refused}`,
        "remove it or see docs/compose.md",
      );
      continue;
    }
    const renamed = RENAMED_SERVICE_KEYS[e.key];
    if (renamed !== undefined) {
      put(out, renamed, reshape(e.key, v, p, ctx), e.keyPos);
      continue;
    }
    switch (e.key) {
      case "image":
      case "init":
      case "labels":
        put(out, e.key, e.key === "labels" ? listToMap(v, p, ctx, false) : v, e.keyPos);
        break;
      case "command":
      case "entrypoint":
        put(out, e.key, argv(v, p, ctx), e.keyPos);
        break;
      case "working_dir":
        put(out, "workdir", v, e.keyPos);
        break;
      case "stop_grace_period":
        put(out, "stopGracePeriod", v, e.keyPos);
        break;
      case "read_only":
        put(out, "readOnlyRootFilesystem", v, e.keyPos);
        break;
      case "shm_size":
        put(out, "shmSize", v, e.keyPos);
        break;
      case "user": {
        const [user, group] = (textOf(v) ?? "").split(":");
        put(out, "user", scalar(user ?? "", v.pos), e.keyPos);
        if (group !== undefined) put(out, "group", scalar(group, v.pos), e.keyPos);
        break;
      }
      case "environment":
      case "env_file":
        break; // merged below: env_file first, environment wins
      case "ports":
        put(out, "ports", translatePorts(v, p, sink), e.keyPos);
        break;
      case "volumes":
      case "tmpfs": {
        const mounts = e.key === "volumes" ? translateVolumes(v, p, ctx) : translateTmpfs(v, p, ctx);
        unsafe ||= mounts.unsafe;
        const existing = out.entries.find((x) => x.key === "volumes")?.value;
        const items =
          existing?.kind === "seq" ? [...existing.items, ...mounts.node.items] : mounts.node.items;
        put(out, "volumes", seq(v.pos, items), e.keyPos);
        break;
      }
      case "depends_on":
        put(out, "dependsOn", translateDependsOn(v, p, ctx), e.keyPos);
        break;
      case "healthcheck": {
        const probe = translateHealthcheck(v, p, sink);
        if (probe !== undefined)
          put(out, "probes", map(v.pos, [{ key: "readiness", keyPos: e.keyPos, value: probe }]), e.keyPos);
        break;
      }
      case "restart":
        put(out, "restart", translateRestart(v, p, ctx), e.keyPos);
        break;
      case "deploy":
        translateDeploy(out, e, p, sink);
        break;
      case "extends":
        break; // resolved before translation (extends.ts)
      case "profiles":
        break; // applied by the document translator
      case "networks":
        checkDefaultNetworkOnly(v, p, ctx);
        break;
      default:
        sink.error(
          e.keyPos,
          p,
          DiagnosticCode.unknownKey,
          `unknown key \`${e.key}\``,
          didYouMean(e.key, KNOWN) ?? "see docs/compose.md for the supported keys",
        );
    }
  }
  const env = translateEnvironment(entry.value, at, ctx);
  if (env !== undefined) put(out, "env", env);
  if (unsafe) put(out, "allowUnsafeBind", scalar(true, entry.value.pos));
  return out;
}

function translateExtension(out: LMap, e: LEntry, p: string, ctx: ServiceContext): void {
  if (e.value.kind !== "map") {
    ctx.sink.error(
      e.value.pos,
      p,
      DiagnosticCode.wrongType,
      "expected a map of native Hostwright service keys",
    );
    return;
  }
  // Native keys pass through to the native checker unchanged (same validation, same Desired).
  for (const x of e.value.entries) put(out, x.key, x.value, x.keyPos);
}

function argv(v: LNode, p: string, ctx: ServiceContext): LNode {
  if (v.kind !== "scalar" || typeof v.value !== "string") return v;
  const split = shellSplit(v.value);
  if ("error" in split) {
    ctx.sink.error(v.pos, p, DiagnosticCode.invalidValue, split.error, "write it as a list");
    return v;
  }
  return seq(
    v.pos,
    split.words.map((w) => scalar(w, v.pos)),
  );
}

/** `KEY=VALUE` lists and maps → a map; a bare KEY (or null value) takes the process value when `fromProcess`. */
function listToMap(v: LNode, p: string, ctx: ServiceContext, fromProcess: boolean): LMap {
  const out = map(v.pos);
  const add = (key: string, value: string | undefined, pos: LNode["pos"]) => {
    const resolved = value ?? (fromProcess ? ctx.env[key] : "");
    if (resolved !== undefined) put(out, key, scalar(resolved, pos), pos);
  };
  if (v.kind === "map") {
    for (const e of v.entries) {
      if (e.value.kind === "scalar" && e.value.value === null) add(e.key, undefined, e.keyPos);
      else
        put(
          out,
          e.key,
          e.value.kind === "scalar" ? scalar(textOf(e.value) ?? "", e.value.pos) : e.value,
          e.keyPos,
        );
    }
  } else if (v.kind === "seq") {
    v.items.forEach((item, i) => {
      const text = textOf(item);
      if (text === undefined) {
        ctx.sink.error(item.pos, indexPath(p, i), DiagnosticCode.wrongType, "expected KEY=VALUE");
        return;
      }
      const eq = text.indexOf("=");
      add(eq === -1 ? text : text.slice(0, eq), eq === -1 ? undefined : text.slice(eq + 1), item.pos);
    });
  } else ctx.sink.error(v.pos, p, DiagnosticCode.wrongType, "expected a map or a list of KEY=VALUE");
  return out;
}

function translateEnvironment(svc: LMap, at: string, ctx: ServiceContext): LMap | undefined {
  const fileEntry = svc.entries.find((e) => e.key === "env_file");
  const envEntry = svc.entries.find((e) => e.key === "environment");
  if (fileEntry === undefined && envEntry === undefined) return undefined;
  const out = map((envEntry ?? fileEntry)?.value.pos ?? svc.pos);
  if (fileEntry !== undefined) {
    const p = childPath(at, "env_file");
    const items = fileEntry.value.kind === "seq" ? fileEntry.value.items : [fileEntry.value];
    items.forEach((item, i) => {
      const file = item.kind === "map" ? item.entries.find((x) => x.key === "path")?.value : item;
      const required =
        item.kind === "map" ? item.entries.find((x) => x.key === "required")?.value : undefined;
      const name = file && textOf(file);
      if (name === undefined) {
        ctx.sink.error(
          item.pos,
          indexPath(p, i),
          DiagnosticCode.wrongType,
          "expected a file path or {path, required}",
        );
        return;
      }
      const vars = ctx.readEnvFile(path.resolve(ctx.projectDir, name));
      if (vars === undefined) {
        if (!(required?.kind === "scalar" && required.value === false)) {
          ctx.sink.error(
            item.pos,
            indexPath(p, i),
            DiagnosticCode.fileUnreadable,
            `env file ${name} cannot be read`,
            "create it, or write {path: ..., required: false}",
          );
        }
        return;
      }
      for (const [k, val] of Object.entries(vars)) put(out, k, scalar(val, item.pos), item.pos);
    });
  }
  if (envEntry !== undefined) {
    for (const e of listToMap(envEntry.value, childPath(at, "environment"), ctx, true).entries)
      put(out, e.key, e.value, e.keyPos);
  }
  return out;
}

const CONDITIONS: Record<string, string> = {
  service_started: "started",
  service_healthy: "ready",
  service_completed_successfully: "completed",
};

function translateDependsOn(v: LNode, p: string, ctx: ServiceContext): LMap {
  const out = map(v.pos);
  if (v.kind === "seq") {
    for (const item of v.items) {
      const name = textOf(item);
      if (name !== undefined) put(out, name, scalar("started", item.pos), item.pos);
    }
    return out;
  }
  if (v.kind !== "map") {
    ctx.sink.error(v.pos, p, DiagnosticCode.wrongType, "expected a list or a map of services");
    return out;
  }
  for (const e of v.entries) {
    const ep = childPath(p, e.key);
    let condition = "service_started";
    let pos = e.keyPos;
    if (e.value.kind === "map") {
      for (const x of e.value.entries) {
        const val = textOf(x.value);
        if (x.key === "condition") {
          condition = val ?? "";
          pos = x.value.pos;
        } else if ((x.key === "required" && val === "true") || (x.key === "restart" && val === "false")) {
          // Compose's defaults: nothing to map.
        } else {
          ctx.sink.error(
            x.keyPos,
            childPath(ep, x.key),
            DiagnosticCode.notSupportedYet,
            `depends_on \`${x.key}: ${val}\` is not supported yet`,
            "remove it",
          );
        }
      }
    }
    const mapped = CONDITIONS[condition];
    if (mapped === undefined) {
      ctx.sink.error(
        pos,
        ep,
        DiagnosticCode.invalidValue,
        `unknown condition \`${condition}\``,
        "service_started, service_healthy or service_completed_successfully",
      );
      continue;
    }
    put(out, e.key, scalar(mapped, pos), e.keyPos);
  }
  return out;
}

function translateRestart(v: LNode, p: string, ctx: ServiceContext): LMap {
  const text = textOf(v) ?? "";
  const [policy = "", retries] = text.split(":");
  const out = map(v.pos, [
    { key: "policy", keyPos: v.pos, value: scalar(policy === "false" ? "no" : policy, v.pos) },
  ]);
  if (retries !== undefined) {
    if (policy !== "on-failure")
      ctx.sink.error(v.pos, p, DiagnosticCode.invalidValue, "only on-failure takes a retry count");
    else put(out, "maxRetries", scalar(Number(retries), v.pos));
  }
  return out;
}

function checkDefaultNetworkOnly(v: LNode, p: string, ctx: ServiceContext): void {
  const names =
    v.kind === "seq"
      ? v.items.map((i) => ({ name: textOf(i) ?? "", pos: i.pos, opts: false }))
      : v.kind === "map"
        ? v.entries.map((e) => ({
            name: e.key,
            pos: e.keyPos,
            opts: e.value.kind === "map" && e.value.entries.length > 0,
          }))
        : [];
  for (const n of names) {
    if (n.name !== "default" || n.opts) {
      ctx.sink.error(
        n.pos,
        p,
        DiagnosticCode.notSupportedYet,
        "service networks other than the project's default network are not supported yet",
        "remove `networks:`; services reach each other by name on the default network",
      );
    }
  }
}

/** Compose's looser shapes → the native ones: a lone string as a list, `k=v`/`host:ip` lists as maps. */
function reshape(key: string, v: LNode, p: string, ctx: ServiceContext): LNode {
  if ((key === "dns" || key === "dns_search") && v.kind === "scalar") return seq(v.pos, [v]);
  if (key === "sysctls") return listToMap(v, p, ctx, false);
  if (key === "extra_hosts" && v.kind === "seq") {
    const out = map(v.pos);
    for (const item of v.items) {
      const text = textOf(item) ?? "";
      const eq = text.indexOf("=");
      const cut = eq !== -1 ? eq : text.indexOf(":");
      put(out, text.slice(0, cut), scalar(text.slice(cut + 1).replace(/^\[|\]$/g, ""), item.pos), item.pos);
    }
    return out;
  }
  if (key === "expose" && v.kind === "seq") {
    const items: LNode[] = [];
    for (const item of v.items) {
      const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/.exec(textOf(item) ?? "");
      if (m === null) {
        items.push(item);
        continue;
      }
      for (let port = Number(m[1]); port <= Number(m[2] ?? m[1]); port++) items.push(scalar(port, item.pos));
    }
    return seq(v.pos, items);
  }
  return v;
}
