export { mapClusterObservation } from "./cluster-mapping.js";
export { connectSwarm } from "./connect-swarm.js";
export { observeCluster } from "./observe-cluster.js";
export {
  ownershipLabels,
  placementConstraints,
  SWARM_SPEC_HASH_LABEL,
  serviceBody,
  swarmServiceName,
} from "./service-body.js";
export { SwarmApi, type SwarmEvent } from "./swarm-api.js";
export type { RawService } from "./swarm-raw.js";
export { type SwarmProblem, swarmUnsupportedFields } from "./swarm-unsupported.js";
