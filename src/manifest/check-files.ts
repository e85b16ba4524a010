/**
 * The engine's HEALTHCHECK and the secret/config files of a service (native `healthcheck`,
 * `secrets`, `configs`); split from check-runtime-fields.ts, which calls them.
 */
import nodePath from "node:path";
import type { FileMount, HealthcheckSpec } from "../core/index.js";
import { checkArgv } from "./check-command.js";
import { DiagnosticCode } from "./diagnostics.js";
import { childPath, type LNode } from "./located.js";
import { expectMap, MapReader, readStringish } from "./map-reader.js";

export const HEALTHCHECK_KEYS = [
  "test",
  "interval",
  "timeout",
  "retries",
  "startPeriod",
  "startInterval",
] as const;
export const FILE_KEYS = ["file", "env", "content", "target", "uid", "gid", "mode"] as const;
const FILE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

function err(f: MapReader, node: LNode, at: string, message: string, hint?: string): undefined {
  f.sink.error(node.pos, at, DiagnosticCode.invalidValue, message, hint);
  return undefined;
}

/** The engine's HEALTHCHECK: `none` disables the image's own; absent keeps the image's. */
export function checkHealthcheck(f: MapReader, node: LNode, at: string): HealthcheckSpec | undefined {
  if (node.kind === "scalar" && node.value === "none") return { test: ["NONE"] };
  const map = expectMap(f.sink, node, at, "a map with `test`, or none to disable the image's own");
  if (map === undefined) return undefined;
  const h = new MapReader(f.sink, map, at, HEALTHCHECK_KEYS);
  const testNode = h.require("test", 'test: [CMD, pg_isready] or test: "curl -f http://localhost/"')?.value;
  if (testNode === undefined) return undefined;
  let test: string[] | undefined;
  if (testNode.kind === "scalar" && typeof testNode.value === "string") test = ["CMD-SHELL", testNode.value];
  else {
    const argv = checkArgv(f.sink, testNode, h.at("test"));
    if (argv === undefined) return undefined;
    test = ["CMD", "CMD-SHELL", "NONE"].includes(argv[0] ?? "") ? argv : ["CMD", ...argv];
  }
  if (test[0] === "CMD-SHELL" && test.length !== 2)
    return err(f, testNode, h.at("test"), "CMD-SHELL takes exactly one command string");
  const spec: HealthcheckSpec = { test };
  const interval = h.duration("interval", { allowZero: false });
  const timeout = h.duration("timeout", { allowZero: false });
  const retries = h.int("retries", 1, 1000);
  const startPeriod = h.duration("startPeriod", { allowZero: true });
  const startInterval = h.duration("startInterval", { allowZero: false });
  Object.assign(
    spec,
    interval !== undefined && { intervalMs: interval },
    timeout !== undefined && { timeoutMs: timeout },
    retries !== undefined && { retries },
    startPeriod !== undefined && { startPeriodMs: startPeriod },
    startInterval !== undefined && { startIntervalMs: startInterval },
  );
  return spec;
}

export function checkFiles(f: MapReader, dir: string): FileMount[] | undefined {
  const out: FileMount[] = [];
  for (const kind of ["secret", "config"] as const) {
    const key = kind === "secret" ? "secrets" : "configs";
    const node = f.value(key);
    if (node === undefined) continue;
    const map = expectMap(
      f.sink,
      node,
      f.at(key),
      `a map of ${kind} name → {file | env${kind === "config" ? " | content" : ""}, target}`,
    );
    for (const e of map?.entries ?? []) {
      const at = childPath(f.at(key), e.key);
      if (!FILE_NAME.test(e.key)) {
        f.sink.error(e.keyPos, at, DiagnosticCode.invalidName, `invalid ${kind} name "${e.key}"`);
        continue;
      }
      const m = expectMap(f.sink, e.value, at, "a map with file, env or content");
      if (m === undefined) continue;
      const x = new MapReader(f.sink, m, at, FILE_KEYS);
      const file = x.string("file");
      const env = x.string("env");
      const content = x.string("content");
      const given = [file, env, content].filter((v) => v !== undefined).length;
      if (given !== 1) {
        f.sink.error(
          m.pos,
          at,
          DiagnosticCode.invalidValue,
          `a ${kind} needs exactly one of file, env${kind === "config" ? ", content" : ""}`,
        );
        continue;
      }
      if (kind === "secret" && content !== undefined) {
        err(
          f,
          x.value("content")!,
          x.at("content"),
          "a secret cannot be written inline",
          "use file: or env:",
        );
        continue;
      }
      const target = x.string("target") ?? (kind === "secret" ? `/run/secrets/${e.key}` : `/${e.key}`);
      const absTarget = target.startsWith("/")
        ? target
        : kind === "secret"
          ? `/run/secrets/${target}`
          : `/${target}`;
      const modeNode = x.value("mode");
      const mode = modeNode === undefined ? undefined : readStringish(f.sink, modeNode, x.at("mode"));
      if (mode !== undefined && !/^0?[0-7]{3}$/.test(mode)) {
        err(f, modeNode!, x.at("mode"), `invalid mode "${mode}"`, 'an octal string, e.g. "0440"');
        continue;
      }
      const uid = x.string("uid");
      const gid = x.string("gid");
      out.push({
        kind,
        name: e.key,
        source:
          file !== undefined
            ? { file: nodePath.resolve(dir, file) }
            : env !== undefined
              ? { env }
              : { content: content ?? "" },
        target: absTarget,
        ...(uid !== undefined && { uid }),
        ...(gid !== undefined && { gid }),
        ...(mode !== undefined && { mode: Number.parseInt(mode, 8) }),
      });
    }
  }
  const byTarget = new Set<string>();
  for (const file of out) {
    if (byTarget.has(file.target))
      f.sink.error(f.map.pos, f.path, DiagnosticCode.invalidValue, `two files mounted at ${file.target}`);
    byTarget.add(file.target);
  }
  return out.length > 0 ? out.sort((a, b) => (a.target < b.target ? -1 : 1)) : undefined;
}
