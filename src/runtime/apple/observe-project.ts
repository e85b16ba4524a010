/**
 * One snapshot of a project: four list calls whatever the number of containers (containers,
 * volumes, networks, images), filtered client-side by our labels since the CLI has no label
 * filter. Clashes are containers named `<project>-<service>-<N>` without our project label, and
 * volumes/networks named `<project>_*` without it (kept in those lists for the planner to refuse).
 */
import { Labels, type Observed, type ObservedContainer } from "../../core/index.js";
import { cliFailure } from "./cli-errors.js";
import type { RunCli } from "./cli-runner.js";
import { parseContainerList } from "./parse-containers.js";
import { imageMap, listImages, listNetworks, listVolumes } from "./resource-ops.js";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export async function observeProject(
  run: RunCli,
  project: string,
  adjust: (c: ObservedContainer) => ObservedContainer,
): Promise<Observed> {
  const takenAt = new Date().toISOString();
  const [list, volumes, networks, images] = await Promise.all([
    run(["list", "--all", "--format", "json"]),
    listVolumes(run),
    listNetworks(run),
    listImages(run),
  ]);
  if (list.exitCode !== 0) throw cliFailure("container list", list);
  const ours = (labels: Record<string, string>) => labels[Labels.project] === project;
  const shapedLikeOurs = new RegExp(`^${escapeRegExp(project)}-.+-[1-9][0-9]*$`);
  const all = parseContainerList(list.stdout).map(adjust);
  return {
    project,
    takenAt,
    runtime: "apple",
    containers: all.filter((c) => ours(c.labels)),
    clashes: all.filter((c) => !ours(c.labels) && shapedLikeOurs.test(c.name)),
    // Ours by label, and any under our name prefix: the planner refuses one we did not create.
    volumes: volumes.filter((v) => ours(v.labels) || v.name.startsWith(`${project}_`)),
    networks: networks.filter((n) => ours(n.labels) || n.name.startsWith(`${project}_`)),
    images: imageMap(images),
  };
}
