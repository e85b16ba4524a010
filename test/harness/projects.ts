/** Per-test project names and label-based cleanup, so engine tests never step on each other. */
import { randomBytes } from "node:crypto";
import { dockerCli } from "./docker-cli.js";

const PROJECT_LABEL = "dev.hostwright.project";

/** A fresh DNS-label project name: lowercase, starts with a letter, at most 40 chars. */
export function uniqueProject(prefix: string): string {
  const clean =
    prefix
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^[^a-z]+/, "")
      .replace(/-+$/, "")
      .slice(0, 28) || "t";
  return `${clean}-${randomBytes(5).toString("hex")}`;
}

async function lines(args: string[]): Promise<string[]> {
  const result = await dockerCli(args);
  return result.stdout.split("\n").filter((l) => l.trim() !== "");
}

/**
 * Removes the project's containers: those labelled with it, and unlabelled ones named
 * `<project>-…` (tests create those to provoke name clashes; the name is unique per test).
 */
export async function removeProjectContainers(project: string): Promise<void> {
  const labelled = await lines(["ps", "-aq", "--filter", `label=${PROJECT_LABEL}=${project}`]);
  const named = await lines(["ps", "-a", "--format", "{{.ID}} {{.Names}}", "--filter", `name=${project}-`]);
  const clashing = named
    .map((l) => l.split(" "))
    .filter(([, name]) => name?.startsWith(`${project}-`))
    .map(([id]) => id ?? "");
  const ids = [...new Set([...labelled, ...clashing])].filter((id) => id !== "");
  if (ids.length > 0) await dockerCli(["rm", "-f", "-v", ...ids]);
}

/** Containers, then networks and volumes carrying the project label. */
export async function removeProjectResources(project: string): Promise<void> {
  await removeProjectContainers(project);
  const filter = `label=${PROJECT_LABEL}=${project}`;
  const networks = await lines(["network", "ls", "-q", "--filter", filter]);
  if (networks.length > 0) await dockerCli(["network", "rm", ...networks]);
  const volumes = await lines(["volume", "ls", "-q", "--filter", filter]);
  if (volumes.length > 0) await dockerCli(["volume", "rm", "-f", ...volumes]);
}
