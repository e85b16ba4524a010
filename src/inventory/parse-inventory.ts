import path from "node:path";
import { buildDesired } from "../manifest/build-desired.js";
import { checkManifest } from "../manifest/check-manifest.js";
import { NODE_NAME, NODE_NAME_HINT } from "../manifest/check-placement.js";
import { DOCUMENT_START } from "../manifest/diagnostics.js";
import { interpolate } from "../manifest/interpolate.js";
import { TOP_LEVEL_KEYS } from "../manifest/known-keys.js";
import type { LEntry, LMap, LNode } from "../manifest/located.js";
import { expectMap, reportUnknownKey } from "../manifest/map-reader.js";
import type { ManifestResult } from "../manifest/parse-manifest.js";
import { readYaml } from "../manifest/yaml-reader.js";
import { dropDuplicates, type HostService, withHostPlacement } from "./host-services.js";
import { diagnosticAt, InventoryCode } from "./inventory-codes.js";
import { HOSTS_DIR, type InventorySources } from "./read-inventory.js";
import { RoutingSink } from "./routing-sink.js";

export interface ParseInventoryOptions {
  env: Record<string, string | undefined>;
}

/**
 * An inventory's files → the same Desired a manifest gives, every service carrying
 * `placement.nodes: [<its host folder>]`. Pure: readInventory did the I/O. The files are merged
 * into one located document and checked by the manifest checker, so every rule and message is
 * the manifest's, each report routed back to the file (and line:col) it came from.
 */
export function parseInventory(src: InventorySources, opts: ParseInventoryOptions): ManifestResult {
  const hostsDir = path.join(src.dir, HOSTS_DIR);
  const order = [src.projectFile, hostsDir, ...src.hosts.map((h) => h.file)];
  const sink = new RoutingSink(src.projectFile, order);
  for (const d of src.layout) sink.push(d);
  const lookup = (name: string): string | undefined => opts.env[name] ?? src.dotenv?.[name];
  const read = (file: string, text: string): LNode | undefined =>
    readYaml(text, sink.sinkFor(file), (t) => interpolate(t, lookup));

  const projectRoot = src.projectText === undefined ? undefined : read(src.projectFile, src.projectText);
  const projectMap =
    projectRoot && expectMap(sink.sinkFor(src.projectFile), projectRoot, "", "a map with `project`");
  const settings = projectMap === undefined ? undefined : projectSettings(sink, src.projectFile, projectMap);

  const written: HostService[] = [];
  for (const host of src.hosts) {
    if (!NODE_NAME.test(host.node)) {
      sink.push(
        diagnosticAt(
          path.dirname(host.file),
          DOCUMENT_START,
          "error",
          InventoryCode.invalidNodeName,
          "",
          `invalid node name "${host.node}"`,
          NODE_NAME_HINT,
        ),
      );
      continue;
    }
    if (host.text === undefined) {
      sink.push(
        diagnosticAt(
          path.dirname(host.file),
          DOCUMENT_START,
          "warning",
          InventoryCode.nodeWithoutServices,
          "",
          `node ${host.node} has no services.yaml: nothing is placed on it`,
        ),
      );
      continue;
    }
    const root = read(host.file, host.text);
    for (const entry of root === undefined ? [] : hostEntries(sink, host.file, host.node, root)) {
      written.push({ node: host.node, file: host.file, entry });
    }
  }
  const report = (d: Parameters<RoutingSink["push"]>[0]) => sink.push(d);
  const services = dropDuplicates(written, report).map((s) => {
    sink.routeService(s.entry.key, s.file);
    return withHostPlacement(s, report);
  });
  if (written.length === 0) {
    sink.push(
      diagnosticAt(
        hostsDir,
        DOCUMENT_START,
        "error",
        InventoryCode.noServices,
        "services",
        "the inventory declares no services",
        "put `services:` in hosts/<node>/services.yaml, <node> being the node's hostname",
      ),
    );
  }
  if (settings === undefined) return { ok: false, diagnostics: sink.sorted() };
  const root: LMap = {
    ...settings,
    entries: [
      ...settings.entries,
      {
        key: "services",
        keyPos: DOCUMENT_START,
        value: { kind: "map", pos: DOCUMENT_START, entries: services },
      },
    ],
  };
  const draft = checkManifest(sink, root, src.dir);
  if (draft === undefined || sink.hasErrors()) return { ok: false, diagnostics: sink.sorted() };
  return { ok: true, desired: buildDesired(draft, src.projectFile), diagnostics: sink.sorted() };
}

/** project.yaml: the manifest's top level without `services` (those live under hosts/). */
function projectSettings(sink: RoutingSink, file: string, map: LMap): LMap {
  const services = map.entries.find((e) => e.key === "services");
  if (services !== undefined) {
    sink.push(
      diagnosticAt(
        file,
        services.keyPos,
        "error",
        InventoryCode.misplacedKey,
        "services",
        "`services` does not belong in project.yaml",
        "put each service in hosts/<node>/services.yaml, <node> being where it runs",
      ),
    );
  }
  return { ...map, entries: map.entries.filter((e) => e.key !== "services") };
}

/** hosts/<node>/services.yaml: only `services:` (project settings are refused with where they go). */
function hostEntries(sink: RoutingSink, file: string, node: string, root: LNode): LEntry[] {
  const fileSink = sink.sinkFor(file);
  const map = expectMap(fileSink, root, "", "a map with `services`");
  if (map === undefined) return [];
  for (const entry of map.entries) {
    if (entry.key === "services" || entry.key.startsWith("x-")) continue;
    if ((TOP_LEVEL_KEYS as readonly string[]).includes(entry.key)) {
      sink.push(
        diagnosticAt(
          file,
          entry.keyPos,
          "error",
          InventoryCode.misplacedKey,
          entry.key,
          `\`${entry.key}\` belongs in project.yaml`,
          "a host's services.yaml holds only `services:`",
        ),
      );
    } else {
      reportUnknownKey(fileSink, entry, entry.key, ["services"], {});
    }
  }
  const services = map.entries.find((e) => e.key === "services");
  const none =
    services === undefined ||
    (services.value.kind === "scalar" && services.value.value === null) ||
    (services.value.kind === "map" && services.value.entries.length === 0);
  if (none) {
    sink.push(
      diagnosticAt(
        file,
        services?.keyPos ?? map.pos,
        "warning",
        InventoryCode.nodeWithoutServices,
        "services",
        `node ${node} declares no services: nothing is placed on it`,
      ),
    );
    return [];
  }
  const servicesMap = expectMap(fileSink, services.value, "services");
  return servicesMap?.entries ?? [];
}
