/**
 * Volume, network, image and system-status JSON (reference §2.6). 1.0 moved names and labels
 * into `configuration`; the flat pre-1.0 spellings are read as a fallback.
 */
import type { ObservedNetwork, ObservedVolume } from "../../core/index.js";
import { decodeLabels } from "./label-codec.js";
import { arr, isObject, obj, parseJsonArray, parseJsonValue, str } from "./parse-json.js";

export function parseVolumeList(text: string): ObservedVolume[] {
  return parseJsonArray(text, "container volume list").flatMap((raw) => {
    const config = obj(raw.configuration);
    const name = str(config.name) ?? str(raw.name) ?? str(raw.id);
    if (name === undefined) return [];
    return [{ name, labels: decodeLabels(config.labels ?? raw.labels) }];
  });
}

export function parseNetworkList(text: string): ObservedNetwork[] {
  return parseJsonArray(text, "container network list").flatMap((raw) => {
    const config = obj(raw.configuration ?? raw.config);
    const name = str(config.name) ?? str(raw.id);
    if (name === undefined) return [];
    return [{ id: str(raw.id) ?? name, name, labels: decodeLabels(config.labels ?? raw.labels) }];
  });
}

export interface AppleImage {
  /** As the runtime names it, e.g. "docker.io/library/nginx:alpine". */
  name: string;
  /** "sha256:<hex>" */
  id: string;
  /** Index/manifest digest, when listed. */
  digest?: string;
}

export function parseImageList(text: string): AppleImage[] {
  return parseJsonArray(text, "container image list").flatMap((raw) => {
    const config = obj(raw.configuration);
    const name = str(config.name) ?? str(raw.name);
    const hex = str(raw.id);
    if (name === undefined || hex === undefined) return [];
    const id = hex.startsWith("sha256:") ? hex : `sha256:${hex}`;
    const digest = str(obj(config.descriptor).digest) ?? str(arr(raw.variants).map(obj)[0]?.digest);
    return [digest === undefined ? { name, id } : { name, id, digest }];
  });
}

/**
 * The names a reference is known by: the runtime writes pulled images fully qualified
 * ("docker.io/library/busybox:latest") while manifests say "busybox".
 */
export function referenceAliases(name: string): string[] {
  const aliases = new Set([name]);
  for (const prefix of ["docker.io/library/", "docker.io/"]) {
    if (name.startsWith(prefix)) aliases.add(name.slice(prefix.length));
  }
  for (const a of [...aliases]) {
    if (a.endsWith(":latest")) aliases.add(a.slice(0, -":latest".length));
  }
  return [...aliases];
}

/** `container system status --format json` (≤1.3 flat, 1.4.1+ nested); only `status` matters. */
export function parseSystemStatus(text: string): { running: boolean; status: string } {
  const value = parseJsonValue(text, "container system status");
  const status = isObject(value) ? (str(value.status) ?? "unknown") : "unknown";
  return { running: status === "running", status };
}
