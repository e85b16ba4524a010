import { checkDependencyGraph } from "./check-depends-on.js";
import { checkDeclaredNetworks } from "./check-networks.js";
import { checkPortClashes } from "./check-port-clashes.js";
import { checkReconcile, defaultReconcile } from "./check-reconcile.js";
import { checkService } from "./check-service.js";
import { checkDeclaredVolumes } from "./check-volumes.js";
import type { DiagnosticSink } from "./diagnostic-sink.js";
import { DiagnosticCode } from "./diagnostics.js";
import type { ManifestDraft, ServiceDraft } from "./drafts.js";
import { TOP_LEVEL_FOREIGN } from "./foreign-keys.js";
import { TOP_LEVEL_KEYS } from "./known-keys.js";
import { describeNode, isNull, type LNode } from "./located.js";
import { expectMap, MapReader } from "./map-reader.js";
import { DNS_LABEL_HINT, isDnsLabel, suggestDnsLabel } from "./names.js";

/** The whole document: top-level keys, every service, then the rules that span services. */
export function checkManifest(
  sink: DiagnosticSink,
  root: LNode,
  manifestDir: string,
): ManifestDraft | undefined {
  const map = expectMap(sink, root, "", "a map with `project` and `services`");
  if (map === undefined) return undefined;
  const f = new MapReader(sink, map, "", TOP_LEVEL_KEYS, TOP_LEVEL_FOREIGN);

  const version = checkVersion(sink, f);
  const project = checkProject(sink, f);
  const imagePolicy = f.oneOf("imagePolicy", ["allow-tags", "require-digest"] as const) ?? "allow-tags";
  const volumes = f.read("volumes", (node, at) => checkDeclaredVolumes(sink, node, at)) ?? {};
  const networks = f.read("networks", (node, at) => checkDeclaredNetworks(sink, node, at, project));
  const reconcile = f.read("reconcile", (node, at) => checkReconcile(sink, node, at)) ?? defaultReconcile();

  const services: ServiceDraft[] = [];
  const servicesEntry = f.require("services", "services: {api: {image: ghcr.io/example/api:1}}");
  const servicesMap = servicesEntry && expectMap(sink, servicesEntry.value, "services");
  if (servicesEntry !== undefined && servicesMap !== undefined && servicesMap.entries.length === 0) {
    sink.error(servicesEntry.keyPos, "services", DiagnosticCode.missingKey, "declare at least one service");
  }
  const ctx = {
    project,
    manifestDir,
    declaredVolumes: new Set(Object.keys(volumes)),
    declaredNetworks: new Set(Object.keys(networks ?? {})),
    subnetNetworks: new Set(
      Object.entries(networks ?? {})
        .filter(([, n]) => n.ipam?.config.some((c) => c.subnet !== undefined))
        .map(([k]) => k),
    ),
    imagePolicy,
  };
  for (const entry of servicesMap?.entries ?? []) {
    const draft = checkService(sink, entry, ctx);
    if (draft !== undefined) services.push(draft);
  }
  checkPortClashes(sink, services);
  checkDependencyGraph(sink, services);
  if (project === undefined || version === undefined) return undefined;
  return {
    project,
    version,
    imagePolicy,
    volumes,
    ...(networks && Object.keys(networks).length > 0 && { networks }),
    services,
    reconcile,
  };
}

function checkVersion(sink: DiagnosticSink, f: MapReader): 2 | "legacy" | undefined {
  const node = f.value("version");
  if (node === undefined) {
    sink.warn(
      f.map.pos,
      "",
      DiagnosticCode.legacyVersion,
      "no `version`: read as a legacy manifest",
      "add `version: 2` at the top",
    );
    return "legacy";
  }
  if (node.kind === "scalar" && (node.value === 2 || node.value === "2")) return 2;
  const shown = node.kind === "scalar" && !isNull(node) ? JSON.stringify(node.value) : describeNode(node);
  sink.error(
    node.pos,
    "version",
    DiagnosticCode.version,
    `unsupported manifest version ${shown}; this hostwright reads version 2`,
    "set `version: 2`",
  );
  return undefined;
}

const COMPOSE_PROJECT = /^[a-z0-9][a-z0-9_-]{0,62}$/;

function checkProject(sink: DiagnosticSink, f: MapReader): string | undefined {
  const entry = f.require("project", "project: my-app (lowercase letters, digits and -)");
  const project = entry && f.string("project");
  if (entry === undefined || project === undefined) return undefined;
  // Compose's project rule (a DNS label, or `_` too): `my_app` is a project docker compose runs.
  if (isDnsLabel(project) || COMPOSE_PROJECT.test(project)) return project;
  const suggestion = suggestDnsLabel(project);
  sink.error(
    entry.value.pos,
    "project",
    DiagnosticCode.invalidName,
    `invalid project name "${project}"`,
    suggestion ? `${DNS_LABEL_HINT}, e.g. "${suggestion}"` : DNS_LABEL_HINT,
  );
  return undefined;
}
