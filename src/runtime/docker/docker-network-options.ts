/** Declared network options → the /networks/create body, and the existence checks of external networks and volumes. */
import { HwError, type NetworkSpec, RuntimeErrorCode } from "../../core/index.js";
import type { EngineClient } from "./engine-client.js";

const NOT_FOUND = 404;

export function networkCreateOptions(spec?: NetworkSpec): Record<string, unknown> {
  if (!spec) return { Driver: "bridge", Attachable: false };
  const ipam = spec.ipam;
  return {
    Driver: spec.driver ?? "bridge",
    Internal: spec.internal,
    Attachable: spec.attachable ?? false,
    ...(spec.enableIpv6 !== undefined ? { EnableIPv6: spec.enableIpv6 } : {}),
    ...(spec.driverOpts ? { Options: spec.driverOpts } : {}),
    ...(ipam
      ? {
          IPAM: {
            Driver: ipam.driver ?? "default",
            Config: ipam.config.map((c) => ({
              ...(c.subnet ? { Subnet: c.subnet } : {}),
              ...(c.gateway ? { Gateway: c.gateway } : {}),
              ...(c.ipRange ? { IPRange: c.ipRange } : {}),
            })),
          },
        }
      : {}),
  };
}

/** An external network is used as it is: it must exist, and is never created or changed. */
export async function requireExternalNetwork(client: EngineClient, name: string): Promise<void> {
  const res = await client.request({
    path: `/networks/${encodeURIComponent(name)}`,
    accept: [NOT_FOUND],
    what: `inspect external network ${name}`,
  });
  await res.body.dump();
  if (res.status === NOT_FOUND) {
    throw new HwError(RuntimeErrorCode.notFound, `external network ${name} does not exist`, {
      hint: `create it first (docker network create ${name}) or drop external: true`,
    });
  }
}

/** An external volume must exist: Docker would otherwise create an unlabelled one on mount. */
export async function requireExternalVolume(client: EngineClient, name: string): Promise<void> {
  const res = await client.request({
    path: `/volumes/${encodeURIComponent(name)}`,
    accept: [NOT_FOUND],
    what: `inspect external volume ${name}`,
  });
  await res.body.dump();
  if (res.status === NOT_FOUND) {
    throw new HwError(RuntimeErrorCode.notFound, `external volume ${name} does not exist`, {
      hint: `create it first (docker volume create ${name}) or drop external: true`,
    });
  }
}
