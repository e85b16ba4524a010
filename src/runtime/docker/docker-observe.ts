/**
 * One snapshot of a project in a CONSTANT number of engine calls (7, run in parallel), however
 * many containers there are: list calls only, never a per-container inspect. Networks and volumes
 * are listed by our label AND by our name prefix `<project>_`, so one we did not create under our
 * name (a hand-made or Compose-made `<project>_default`) is seen and the planner refuses it.
 */
import { compareCodeUnits, Labels, type Observed } from "../../core/index.js";
import { fromSummary, isInstanceShapedName } from "./container-mapping.js";
import { type EngineClient, filtersParam } from "./engine-client.js";
import type { ApiContainerSummary, ApiImage, ApiNetwork, ApiVolume } from "./engine-types.js";
import { indexImages, repoDigestFor, resolveImageId } from "./image-refs.js";

export async function observeProject(
  client: EngineClient,
  project: string,
): Promise<Omit<Observed, "runtime">> {
  const label = `${Labels.project}=${project}`;
  const takenAt = new Date().toISOString();
  const prefix = `${project}_`;
  const [owned, named, volumes, networks, images, namedVolumes, namedNetworks] = await Promise.all([
    client.json<ApiContainerSummary[]>({
      path: "/containers/json",
      query: { all: true, filters: filtersParam({ label: [label] }) },
      what: "list project containers",
    }),
    // The name filter is a substring/regex match; exact shape and label checks happen below.
    client.json<ApiContainerSummary[]>({
      path: "/containers/json",
      query: { all: true, filters: filtersParam({ name: [`${project}-`] }) },
      what: "list containers by name",
    }),
    client.json<{ Volumes?: ApiVolume[] | null }>({
      path: "/volumes",
      query: { filters: filtersParam({ label: [label] }) },
      what: "list project volumes",
    }),
    client.json<ApiNetwork[]>({
      path: "/networks",
      query: { filters: filtersParam({ label: [label] }) },
      what: "list project networks",
    }),
    client.json<ApiImage[]>({ path: "/images/json", what: "list images" }),
    // Name filters are substring matches; the exact prefix is checked below.
    client.json<{ Volumes?: ApiVolume[] | null }>({
      path: "/volumes",
      query: { filters: filtersParam({ name: [prefix] }) },
      what: "list volumes by name",
    }),
    client.json<ApiNetwork[]>({
      path: "/networks",
      query: { filters: filtersParam({ name: [prefix] }) },
      what: "list networks by name",
    }),
  ]);
  // Labelled ones, plus unlabelled ones under our name (their ownership is for the planner to judge).
  const merge = <T extends { Name: string }>(labelled: T[], named: T[]): T[] => [
    ...new Map(
      [...labelled, ...named.filter((x) => x.Name.startsWith(prefix))].map((x) => [x.Name, x]),
    ).values(),
  ];

  const repoDigests = new Map(images.map((i) => [i.Id, i.RepoDigests ?? []]));
  const containers = owned
    .map(fromSummary)
    .map((c) => {
      // Which registry digest runs: the image's RepoDigest for the repository it was created from.
      const digest = c.imageId ? repoDigestFor(c.image, repoDigests.get(c.imageId) ?? []) : undefined;
      return digest ? { ...c, imageDigest: digest } : c;
    })
    .sort((a, b) => compareCodeUnits(a.name, b.name));
  const clashes = named
    .map(fromSummary)
    .filter((c) => c.labels[Labels.project] !== project && isInstanceShapedName(c.name, project))
    .sort((a, b) => compareCodeUnits(a.name, b.name));

  const index = indexImages(images);
  const imageMap: Record<string, string> = Object.fromEntries(index.byAlias);
  const knownIds = new Set(images.map((i) => i.Id));
  for (const c of [...containers, ...clashes]) {
    const id = resolveImageId(c.image, index, knownIds);
    if (id !== undefined) imageMap[c.image] = id;
  }

  return {
    project,
    takenAt,
    containers,
    clashes,
    volumes: merge(volumes.Volumes ?? [], namedVolumes.Volumes ?? [])
      .map((v) => ({ name: v.Name, labels: v.Labels ?? {} }))
      .sort((a, b) => compareCodeUnits(a.name, b.name)),
    networks: merge(networks, namedNetworks)
      .map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }))
      .sort((a, b) => compareCodeUnits(a.name, b.name)),
    images: imageMap,
    imageRepoDigests: Object.fromEntries(
      images.filter((i) => (i.RepoDigests ?? []).length > 0).map((i) => [i.Id, i.RepoDigests ?? []]),
    ),
  };
}
