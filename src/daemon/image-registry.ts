/**
 * The registry as src/images sees it (string references), over src/registry's client. Created
 * lazily: a daemon with no autoUpdate service never reads a Docker config.
 */
import type { TagRegistry } from "../images/index.js";
import { createRegistryClient, parseImageRef } from "../registry/index.js";

export function tagRegistry(env: NodeJS.ProcessEnv): TagRegistry {
  let client: ReturnType<typeof createRegistryClient> | undefined;
  const get = () => {
    client ??= createRegistryClient({ env });
    return client;
  };
  return {
    manifestDigest: (ref) => get().manifestDigest(parseImageRef(ref)),
    listTags: (repository) => get().listTags(parseImageRef(repository)),
  };
}
