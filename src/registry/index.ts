/** Registry access behind a narrow interface: image references, credentials, digests and tags. */
export { type AuthChallenge, parseChallenge } from "./auth-challenge.js";
export {
  createRegistryClient,
  MANIFEST_ACCEPT,
  type RegistryClient,
  type RegistryClientOptions,
} from "./client.js";
export {
  authKey,
  type CredentialSource,
  DOCKER_HUB_AUTH_KEY,
  dockerConfigCredentials,
  dockerConfigPath,
  type RegistryCredentials,
  registryAuthHeader,
} from "./credentials.js";
export { RegistryErrorCode } from "./errors.js";
export {
  DOCKER_HUB,
  formatImageRef,
  type ImageRef,
  manifestReference,
  parseImageRef,
  registryHost,
  registryScheme,
  splitImageRef,
} from "./image-ref.js";
