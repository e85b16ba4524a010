/**
 * Networks and volumes on the Engine API. An existing one is used only when it carries our project
 * and owner labels: a hand-made or Compose-made `<project>_default` is refused with a typed error
 * (RuntimeErrorCode.notOwned), never adopted.
 */
import {
  assertOwnResource,
  HwError,
  type NetworkSpec,
  RuntimeErrorCode,
  type VolumeSpec,
} from "../../core/index.js";
import {
  networkCreateOptions,
  requireExternalNetwork,
  requireExternalVolume,
} from "./docker-network-options.js";
import type { EngineClient } from "./engine-client.js";
import type { ApiNetwork, ApiVolume } from "./engine-types.js";

const NOT_FOUND = 404;
const CONFLICT = 409;
const SERVER_ERROR = 500;

export async function ensureNetwork(
  client: EngineClient,
  name: string,
  labels: Record<string, string>,
  spec?: NetworkSpec,
): Promise<void> {
  if (spec?.external) return requireExternalNetwork(client, name);
  const res = await client.request({
    method: "POST",
    path: "/networks/create",
    // CheckDuplicate: without it Docker happily creates a second network with the same name.
    body: { Name: name, Labels: labels, CheckDuplicate: true, ...networkCreateOptions(spec) },
    accept: [CONFLICT],
    what: `create network ${name}`,
  });
  await res.body.dump();
  if (res.status !== CONFLICT) return;
  const existing = await client.json<ApiNetwork>({
    path: `/networks/${encodeURIComponent(name)}`,
    what: `inspect network ${name}`,
  });
  assertOwnResource("network", name, existing.Labels ?? {}, labels);
}

export async function ensureVolume(
  client: EngineClient,
  name: string,
  labels: Record<string, string>,
  spec?: VolumeSpec,
): Promise<void> {
  if (spec?.external) return requireExternalVolume(client, name);
  // Creating an existing local volume answers 201 with the EXISTING volume (its labels, not ours);
  // Podman answers 409 or 500. Either way the labels decide whether it is ours.
  const res = await client.request({
    method: "POST",
    path: "/volumes/create",
    body: {
      Name: name,
      Driver: spec?.driver ?? "local",
      Labels: labels,
      ...(spec?.driverOpts ? { DriverOpts: spec.driverOpts } : {}),
    },
    accept: [CONFLICT, SERVER_ERROR],
    what: `create volume ${name}`,
  });
  const text = await res.body.text();
  let existing: ApiVolume | undefined;
  if (res.status >= 200 && res.status < 300 && text) existing = JSON.parse(text) as ApiVolume;
  else {
    const found = await client.request({
      path: `/volumes/${encodeURIComponent(name)}`,
      accept: [NOT_FOUND],
      what: `inspect volume ${name}`,
    });
    const body = await found.body.text();
    if (found.status === NOT_FOUND)
      throw new HwError(RuntimeErrorCode.failed, `create volume ${name}: ${text}`);
    existing = JSON.parse(body) as ApiVolume;
  }
  if (existing) assertOwnResource("volume", name, existing.Labels ?? {}, labels);
}
