import type { DiagnosticSink } from "../manifest/diagnostic-sink.js";
import { DiagnosticCode } from "../manifest/diagnostics.js";
import { didYouMean } from "../manifest/did-you-mean.js";
import { childPath, type LMap, type LNode } from "../manifest/located.js";
import { TOP_LEVEL_KEYS } from "./compose-keys.js";
import { map, put, scalar, textOf } from "./nodes.js";
import { translateTopNetworks, translateTopVolumes } from "./translate-extras.js";
import { type ServiceContext, translateService } from "./translate-service.js";

export interface DocumentContext extends ServiceContext {
  project: string;
  profiles: string[];
}

/** A (merged) Compose document → the native manifest tree the native checker validates. */
export function translateDocument(root: LMap, docCtx: DocumentContext): LMap {
  let ctx = docCtx;
  const { sink } = ctx;
  const out = map(root.pos, [
    { key: "version", keyPos: root.pos, value: scalar(2, root.pos) },
    { key: "project", keyPos: root.pos, value: scalar(ctx.project, root.pos) },
  ]);
  for (const e of root.entries) {
    if (e.key === "x-hostwright") translateTopExtension(out, e.value, sink);
    if (e.key.startsWith("x-")) continue;
    if (e.key === "version") {
      sink.warn(
        e.keyPos,
        "version",
        DiagnosticCode.version,
        "`version` is obsolete in Compose and ignored",
        "remove it",
      );
    } else if (e.key === "name" || e.key === "services") {
      // name: chose the project; services below.
    } else if (e.key === "volumes") {
      put(out, "volumes", translateTopVolumes(e.value, sink), e.keyPos);
    } else if (e.key === "networks") {
      const nets = translateTopNetworks(e.value, sink);
      // `default` is always the project's default network; customising it is refused.
      const def = nets.entries.find((n) => n.key === "default");
      if (def !== undefined && def.value.kind === "map" && def.value.entries.length > 0)
        sink.error(
          def.keyPos,
          "networks.default",
          DiagnosticCode.notSupportedYet,
          "options on the default network are not supported",
          "declare another network and attach the services to it",
        );
      nets.entries = nets.entries.filter((n) => n.key !== "default");
      if (nets.entries.length > 0) put(out, "networks", nets, e.keyPos);
    } else if (e.key === "secrets" || e.key === "configs") {
      // definitions: joined with each service's references (translate-extras.ts)
    } else if (TOP_LEVEL_KEYS.includes(e.key)) {
      sink.error(
        e.keyPos,
        e.key,
        DiagnosticCode.notSupportedYet,
        `top-level \`${e.key}\` is not supported yet`,
        "see docs/compose.md",
      );
    } else {
      sink.error(
        e.keyPos,
        e.key,
        DiagnosticCode.unknownKey,
        `unknown key \`${e.key}\``,
        didYouMean(e.key, TOP_LEVEL_KEYS) ?? `known keys: ${TOP_LEVEL_KEYS.join(", ")}`,
      );
    }
  }
  const services = root.entries.find((e) => e.key === "services");
  if (services === undefined) return out;
  const svcOut = map(services.value.pos);
  const top = (k: string) => root.entries.find((e) => e.key === k)?.value;
  const secrets = top("secrets");
  const configs = top("configs");
  ctx = { ...ctx, ...(secrets && { secrets }), ...(configs && { configs }) };
  for (const s of services.value.kind === "map" ? services.value.entries : []) {
    if (!activeProfile(s.value, ctx.profiles)) continue;
    const native = translateService(s, ctx);
    if (native !== undefined) put(svcOut, s.key, native, s.keyPos);
  }
  put(out, "services", svcOut, services.keyPos);
  return out;
}

function activeProfile(svc: LNode, active: string[]): boolean {
  const profiles = svc.kind === "map" ? svc.entries.find((e) => e.key === "profiles")?.value : undefined;
  if (profiles?.kind !== "seq" || profiles.items.length === 0) return true;
  return active.includes("*") || profiles.items.some((p) => active.includes(textOf(p) ?? ""));
}

/** Top-level `x-hostwright:` carries native top-level keys Compose has no word for (`reconcile`). */
function translateTopExtension(out: LMap, v: LNode, sink: DiagnosticSink): void {
  if (v.kind !== "map") {
    sink.error(
      v.pos,
      "x-hostwright",
      DiagnosticCode.wrongType,
      "expected a map, e.g. `reconcile: {notify: [...]}`",
    );
    return;
  }
  for (const x of v.entries) {
    if (x.key === "reconcile") put(out, x.key, x.value, x.keyPos);
    else
      sink.error(
        x.keyPos,
        childPath("x-hostwright", x.key),
        DiagnosticCode.unknownKey,
        `unknown key \`${x.key}\` in top-level x-hostwright`,
        "top-level x-hostwright accepts: reconcile",
      );
  }
}
