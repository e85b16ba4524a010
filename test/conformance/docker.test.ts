/** The conformance suite against the Docker adapter and the harness's private engine. */
import { createDockerAdapter } from "../../src/runtime/docker/index.js";
import { dockerHost, TEST_IMAGE } from "../harness/index.js";
import { defineConformanceSuite } from "./suite.js";

defineConformanceSuite("docker (private engine)", async () => {
  const adapter = createDockerAdapter({ host: dockerHost() });
  return {
    adapter,
    image: TEST_IMAGE,
    cleanup: async () => {
      await adapter.close?.();
    },
  };
});
