/** The Compose module: compose.yaml (+ overrides, .env, profiles) → the same Desired as the native manifest. */
export {
  COMPOSE_FILE_NAMES,
  type ComposeOptions,
  type ComposeResult,
  discoverCompose,
  isComposeText,
  loadCompose,
} from "./load-compose.js";
export { normaliseProjectName, resolveProjectName } from "./project-name.js";
export { toNativeYaml } from "./to-native-yaml.js";
