/** The labels every owned runtime resource carries (reference/manifest.md, "Identity and ownership"). */
export const LABEL_PREFIX = "dev.hostwright.";
export const Labels = {
  managed: "dev.hostwright.managed",
  project: "dev.hostwright.project",
  service: "dev.hostwright.service",
  instance: "dev.hostwright.instance",
  specHash: "dev.hostwright.spec-hash",
  owner: "dev.hostwright.owner",
  /** Volumes and networks: the declared (not runtime) name. */
  resource: "dev.hostwright.resource",
} as const;
