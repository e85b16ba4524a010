/**
 * The Compose-input flags, typed, from the command line to the Compose reader (as docker
 * compose's -p / --env-file / --profile and repeated -f). They override the environment's
 * COMPOSE_PROJECT_NAME / COMPOSE_PROFILES, which the reader still reads as Compose does.
 */
export interface ComposeFlags {
  projectName?: string;
  envFiles?: string[];
  profiles?: string[];
  /** Every -f, in order, when more than one was given (merged as Compose overrides). */
  files?: string[];
}
