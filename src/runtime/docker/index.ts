export { createDockerAdapter, DockerAdapter } from "./docker-adapter.js";
export {
  CLIENT_API_VERSION,
  EngineClient,
  type EngineRequest,
  type EngineResponse,
  filtersParam,
} from "./engine-client.js";
export { type DiscoveredHost, discoverDockerHost } from "./host-discovery.js";
export { ndjson } from "./ndjson.js";
