/**
 * What runtime apple honours, per the reference: no restart policy, no healthcheck, no events
 * and no label filter (the daemon polls, probes with exec and filters client-side); UDP
 * publishing, tmpfs, --init, --read-only, --shm-size and --user exist; CPUs are integers and
 * every published port needs an explicit host port; there are no network aliases; every
 * container has its own IP reachable from the Mac.
 */
import type { Capabilities } from "../../core/index.js";

export const appleCapabilities: Readonly<Capabilities> = Object.freeze({
  restartPolicy: false,
  healthcheck: false,
  events: false,
  labelFilter: false,
  udp: true,
  tmpfs: true,
  fractionalCpus: false,
  ephemeralHostPorts: false,
  init: true,
  readOnlyRootFilesystem: true,
  shmSize: true,
  user: true,
  networkAliases: false,
  containerAddressReachable: true,
});
