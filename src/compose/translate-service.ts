import path from "node:path";
import type { DiagnosticSink } from "../manifest/diagnostic-sink.js";
import { DiagnosticCode } from "../manifest/diagnostics.js";
import { didYouMean } from "../manifest/did-you-mean.js";
import { childPath, indexPath, type LEntry, type LMap, type LNode } from "../manifest/located.js";
import { shellSplit } from "../manifest/shell-split.js";
import { MAPPED_SERVICE_KEYS, REFUSED_SERVICE_KEYS, RENAMED_SERVICE_KEYS } from "./compose-keys.js";
import { map, put, scalar, seq, textOf } from "./nodes.js";
import { translateDependsOn, translateRestart } from "./translate-depends.js";
import { translateDeploy } from "./translate-deploy.js";
import {
  translateBuild,
  translateFileRefs,
  translateHealthcheck,
  translateServiceNetworks,
} from "./translate-extras.js";
import { translatePorts } from "./translate-ports.js";
import { translateTmpfs, translateVolumes } from "./translate-volumes.js";

export interface ServiceContext {
  sink: DiagnosticSink;
  projectDir: string;
  env: Record<string, string | undefined>;
  readEnvFile: (file: string) => Record<string, string> | undefined;
  /** Top-level `secrets:`/`configs:` definitions the services reference. */
  secrets?: LNode;
  configs?: LNode;
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
        const check = translateHealthcheck(v, p, sink);
        if (check !== undefined) put(out, "healthcheck", check, e.keyPos);
        break;
      }
      case "build":
        put(out, "build", translateBuild(v, p, sink), e.keyPos);
        break;
      case "secrets":
      case "configs":
        put(out, e.key, translateFileRefs(e.key, v, p, ctx[e.key], sink), e.keyPos);
        break;
      case "pull_policy": {
        const policy = PULL_POLICIES[textOf(v) ?? ""];
        if (policy === undefined)
          sink.error(
            v.pos,
            p,
            DiagnosticCode.notSupportedYet,
            `pull_policy \`${textOf(v)}\` is not supported`,
            "always, never, missing (if_not_present) or build",
          );
        else put(out, "pullPolicy", scalar(policy, v.pos), e.keyPos);
        break;
      }
      case "network_mode":
        if (textOf(v) === "bridge")
          sink.error(
            v.pos,
            p,
            DiagnosticCode.notSupportedYet,
            "network_mode `bridge` (Docker's default bridge) is not supported",
            "remove it: services join the project's networks",
          );
        else put(out, "networkMode", v, e.keyPos);
        break;
      case "mem_reservation":
      case "pids_limit":
        break; // merged into resources below
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
        put(out, "networks", translateServiceNetworks(v, p, sink), e.keyPos);
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
  mergeResources(out, entry.value);
  dropImageOfBuild(out, entry.value, at, sink);
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

/** Compose's looser shapes → the native ones: a lone string as a list, `k=v`/`host:ip` lists as maps. */
function reshape(key: string, v: LNode, p: string, ctx: ServiceContext): LNode {
  if ((key === "dns" || key === "dns_search") && v.kind === "scalar") return seq(v.pos, [v]);
  if (key === "sysctls") return listToMap(v, p, ctx, false);
  if (key === "devices" && v.kind === "seq") {
    const names: Record<string, string> = { source: "host", target: "container", permissions: "permissions" };
    const items = v.items.map((item) =>
      item.kind === "map"
        ? map(
            item.pos,
            item.entries.map((x) => ({ ...x, key: names[x.key] ?? x.key })),
          )
        : item,
    );
    return seq(v.pos, items);
  }
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

const PULL_POLICIES: Record<string, string> = {
  always: "always",
  never: "never",
  missing: "missing",
  if_not_present: "missing",
  build: "build",
};

/** `mem_reservation` and `pids_limit` live under native `resources` (beside deploy's limits). */
function mergeResources(out: LMap, svc: LMap): void {
  const memRes = svc.entries.find((e) => e.key === "mem_reservation");
  const pids = svc.entries.find((e) => e.key === "pids_limit");
  if (memRes === undefined && pids === undefined) return;
  const existing = out.entries.find((e) => e.key === "resources")?.value;
  const res = existing?.kind === "map" ? existing : map((memRes ?? pids)?.value.pos ?? svc.pos);
  if (memRes !== undefined) {
    const r = res.entries.find((e) => e.key === "reservations")?.value;
    const reservations = r?.kind === "map" ? r : map(memRes.value.pos);
    put(reservations, "memory", memRes.value, memRes.keyPos);
    put(res, "reservations", reservations, memRes.keyPos);
  }
  if (pids !== undefined) put(res, "pidsLimit", pids.value, pids.keyPos);
  put(out, "resources", res);
}

/** Compose tags a built image with `image:`; Hostwright tags it by its inputs, so `image` goes (said). */
function dropImageOfBuild(out: LMap, svc: LMap, at: string, sink: DiagnosticSink): void {
  const image = svc.entries.find((e) => e.key === "image");
  if (image === undefined || !out.entries.some((e) => e.key === "build")) return;
  out.entries = out.entries.filter((e) => e.key !== "image");
  sink.warn(
    image.keyPos,
    childPath(at, "image"),
    DiagnosticCode.notSupportedYet,
    "`image` beside `build` is not used: the built image is tagged <project>-<service>:hw-<inputs hash>",
    "remove `image`, or remove `build` to pull it",
  );
}
