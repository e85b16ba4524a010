import path from "node:path";

/**
 * Compose's project name rule: lower-case, only [a-z0-9_-], must start with a letter or digit
 * (Compose's NormalizeProjectName drops the other characters).
 */
export function normaliseProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, "")
    .replace(/^[^a-z0-9]+/, "");
}

/** -p wins, then COMPOSE_PROJECT_NAME (process env, then .env), then `name:`, then the directory name. */
export function resolveProjectName(opts: {
  flag?: string;
  env: Record<string, string | undefined>;
  dotenv: Record<string, string>;
  topLevelName?: string;
  projectDir: string;
}): string {
  const fromEnv = opts.env.COMPOSE_PROJECT_NAME || opts.dotenv.COMPOSE_PROJECT_NAME;
  const chosen = opts.flag || fromEnv || opts.topLevelName || path.basename(opts.projectDir);
  return normaliseProjectName(chosen);
}
