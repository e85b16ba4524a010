/**
 * `container list --all --format json` / `container inspect` → ObservedContainer, for both the
 * 1.x shape ({id, configuration, status:{state, networks, startedDate}}) and the pre-1.0 one
 * (status a string, networks and startedDate top-level, Apple-epoch dates), reference §2.
 */
import type { ContainerState, ObservedContainer, ObservedPort } from "../../core/index.js";
import { decodeLabels } from "./label-codec.js";
import { arr, type JsonObject, num, obj, parseDate, parseJsonArray, str } from "./parse-json.js";

/**
 * The API server only sets running and stopped. A stopped container that never started (no
 * startedDate) is "created"; one that ran is "exited" (no exit code exists in the JSON).
 * "stopping" is still running until it has stopped, as Docker reports it.
 */
function mapState(raw: string | undefined, started: boolean): ContainerState {
  switch (raw) {
    case "running":
    case "stopping":
      return "running";
    case "stopped":
      return started ? "exited" : "created";
    default:
      return "unknown";
  }
}

/** Published ports are ranges ({hostPort, containerPort, count}); expand them. */
function parsePorts(config: JsonObject): ObservedPort[] {
  const ports: ObservedPort[] = [];
  for (const p of arr(config.publishedPorts).map(obj)) {
    const host = num(p.hostPort);
    const container = num(p.containerPort);
    if (host === undefined || container === undefined) continue;
    const count = Math.max(1, num(p.count) ?? 1);
    const protocol = str(p.proto)?.toLowerCase() === "udp" ? "udp" : "tcp";
    for (let i = 0; i < count; i++) {
      ports.push({
        hostIP: str(p.hostAddress) ?? "0.0.0.0",
        host: host + i,
        container: container + i,
        protocol,
      });
    }
  }
  return ports;
}

/** First live IPv4 lease; 1.x gives a CIDR ("192.168.64.3/24"), ≤0.7 used `address`. */
function parseIp(networks: unknown[]): string | undefined {
  for (const n of networks.map(obj)) {
    const cidr = str(n.ipv4Address) ?? str(n.address);
    const ip = cidr?.split("/")[0];
    if (ip) return ip;
  }
  return undefined;
}

export function toObservedContainer(raw: JsonObject): ObservedContainer | undefined {
  const config = obj(raw.configuration);
  const id = str(raw.id) ?? str(config.id);
  if (id === undefined) return undefined;
  const legacy = typeof raw.status === "string";
  const status = obj(raw.status);
  const rawState = legacy ? str(raw.status) : str(status.state);
  const startedAt = parseDate(legacy ? raw.startedDate : status.startedDate);
  const image = obj(config.image);
  const container: ObservedContainer = {
    id,
    name: id,
    labels: decodeLabels(config.labels),
    state: mapState(rawState, startedAt !== undefined),
    image: str(image.reference) ?? "",
    ports: parsePorts(config),
  };
  const imageId = str(obj(image.descriptor).digest);
  if (imageId !== undefined) container.imageId = imageId;
  const createdAt = parseDate(config.creationDate);
  if (createdAt !== undefined) container.createdAt = createdAt;
  if (startedAt !== undefined) container.startedAt = startedAt;
  const ip = parseIp(arr(legacy ? raw.networks : status.networks));
  if (ip !== undefined) container.ip = ip;
  return container;
}

export function parseContainerList(text: string, what = "container list"): ObservedContainer[] {
  return parseJsonArray(text, what).flatMap((raw) => toObservedContainer(raw) ?? []);
}
