import {
  canonicalJson,
  containerName,
  type Desired,
  type InstanceSpec,
  instanceId,
  runtimeNamesOf,
  type ServiceSpec,
  sha256Hex,
} from "../core/index.js";
import type { ManifestDraft } from "./drafts.js";
import { computeSpecHash } from "./spec-hash.js";

/** A validated draft → the Desired model: services by name, one instance per replica, hashes. */
export function buildDesired(draft: ManifestDraft, sourcePath: string): Desired {
  const services: ServiceSpec[] = draft.services
    .map((s) => ({ ...s.spec, specHash: computeSpecHash(s.spec) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const instances: InstanceSpec[] = [];
  const runtimeNames = runtimeNamesOf(draft.project, draft.networks, draft.volumes);
  for (const spec of services) {
    for (let index = 1; index <= spec.replicas; index++) {
      instances.push({
        project: draft.project,
        service: spec.name,
        index,
        id: instanceId(draft.project, spec.name, index),
        // containerName is only allowed with one replica (checked before this point).
        name: spec.containerName ?? containerName(draft.project, spec.name, index),
        spec,
        ...(runtimeNames ? { runtimeNames } : {}),
      });
    }
  }
  const state = {
    project: draft.project,
    version: draft.version,
    imagePolicy: draft.imagePolicy,
    volumes: draft.volumes,
    ...(draft.networks && { networks: draft.networks }),
    services,
    instances,
    reconcile: draft.reconcile,
  };
  // Secret *values* never reach this point: secretEnv holds references only.
  const canonical = canonicalJson(state);
  return { ...state, sourcePath, canonical, hash: sha256Hex(canonical) };
}
